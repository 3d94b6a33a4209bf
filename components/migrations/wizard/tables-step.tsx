import type { SourceTable } from "@/contracts/connections";
import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/format";

export const tableKeyOf = (t: SourceTable) => (t.schema ? `${t.schema}.${t.name}` : t.name);

type Props = {
  tables: SourceTable[];
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
  wholeDatabase?: boolean;
};

export function TablesStep({ tables, selected, onChange, wholeDatabase = false }: Props) {
  const rows = tables.filter((t) => selected.has(tableKeyOf(t))).reduce((n, t) => n + t.rowCount, 0);
  const toggle = (key: string) => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onChange(next);
  };
  return (
    <div>
      <div className="mb-3 flex items-center justify-between text-sm">
        <p className="text-slate-600" data-testid="tables-selected">
          <span className="font-medium text-slate-900 tabular-nums">{selected.size}</span> of {tables.length}{" "}
          tables selected,{" "}
          <span className="font-medium text-slate-900 tabular-nums">{formatCount(rows)}</span> rows
        </p>
        {wholeDatabase ? (
          <span className="text-slate-500">
            A PostgreSQL source moves whole: every schema, table and object.
          </span>
        ) : (
          <div className="flex gap-3">
            <button
              type="button"
              className="text-teal-800 hover:underline"
              onClick={() => onChange(new Set(tables.map(tableKeyOf)))}
            >
              Select all
            </button>
            <button
              type="button"
              className="text-slate-500 hover:underline"
              onClick={() => onChange(new Set())}
            >
              None
            </button>
          </div>
        )}
      </div>
      <div className="overflow-hidden rounded-lg border border-slate-200">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th className="w-10 px-4 py-2" />
              <th className="px-4 py-2">Table</th>
              <th className="px-4 py-2 text-right">Rows</th>
              <th className="px-4 py-2 text-right">Columns</th>
              <th className="px-4 py-2">Key</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {tables.map((t) => {
              const key = tableKeyOf(t);
              return (
                <tr key={key} className="hover:bg-slate-50">
                  <td className="px-4 py-2">
                    <input
                      type="checkbox"
                      aria-label={`Migrate ${key}`}
                      checked={selected.has(key)}
                      disabled={wholeDatabase}
                      onChange={() => toggle(key)}
                    />
                  </td>
                  <td className="px-4 py-2 font-mono text-slate-900">
                    {t.schema && <span className="text-slate-400">{t.schema}.</span>}
                    {t.name}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatCount(t.rowCount)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{t.columnCount}</td>
                  <td className="px-4 py-2">
                    {t.hasPrimaryKey ? (
                      <span className="text-slate-500">primary key</span>
                    ) : (
                      <Badge tone="amber">no primary key</Badge>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
