import type { SourceTable } from "@/contracts/connections";
import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/format";

export function TablesStep({
  tables,
  selected,
  onChange,
}: {
  tables: SourceTable[];
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
}) {
  const rows = tables.filter((t) => selected.has(t.name)).reduce((n, t) => n + t.rowCount, 0);
  const toggle = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
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
        <div className="flex gap-3">
          <button
            type="button"
            className="text-teal-800 hover:underline"
            onClick={() => onChange(new Set(tables.map((t) => t.name)))}
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
            {tables.map((t) => (
              <tr key={t.name} className="hover:bg-slate-50">
                <td className="px-4 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Migrate ${t.name}`}
                    checked={selected.has(t.name)}
                    onChange={() => toggle(t.name)}
                  />
                </td>
                <td className="px-4 py-2 font-mono text-slate-900">{t.name}</td>
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
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
