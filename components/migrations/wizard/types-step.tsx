import { useState } from "react";
import type { ColumnProfile } from "@/contracts/connections";
import { ColumnTypeChoice } from "@/contracts/migrations";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/field";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { chosenFor, type ProfiledTable, type TypeChoices } from "./column-types";
import { RowsPreviewToggle } from "./rows-preview-toggle";

type TableProfile = ProfiledTable & { error: unknown; isPending: boolean };

type Props = {
  connectionId: string;
  tables: TableProfile[];
  choices: TypeChoices;
  onChange: (next: TypeChoices) => void;
};

export function TypesStep({ connectionId, tables, choices, onChange }: Props) {
  const [previewed, setPreviewed] = useState<string | null>(null);
  const choose = (table: string, c: ColumnProfile, value: string) =>
    onChange({ ...choices, [table]: { ...choices[table], [c.name]: value } });
  const flagged = tables.reduce((n, t) => n + (t.data ?? []).filter((c) => c.misfits > 0).length, 0);
  return (
    <div className="space-y-5">
      <p className="text-sm text-slate-600" data-testid="types-summary">
        Ferry read every value of every column.{" "}
        {flagged === 0
          ? "Every value fits the type its column declares."
          : `${flagged} column(s) hold values their declared type cannot take: the proposal keeps them as stored; keep the declared type and those rows are rejected and listed.`}
      </p>
      {tables.map((t) => (
        <div key={t.table} className="overflow-hidden rounded-lg border border-slate-200">
          <RowsPreviewToggle
            connectionId={connectionId}
            table={t.table}
            open={previewed === t.table}
            onToggle={() => setPreviewed(previewed === t.table ? null : t.table)}
          />
          {t.isPending && <p className="px-4 py-3 text-sm text-slate-500">Reading the column values…</p>}
          {t.error ? <ErrorBox>{errorMessage(t.error)}</ErrorBox> : null}
          {t.data && (
            <table className="w-full text-sm">
              <thead className="text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                <tr>
                  <th className="px-4 py-2">Column</th>
                  <th className="px-4 py-2">Declared</th>
                  <th className="px-4 py-2">PostgreSQL type</th>
                  <th className="px-4 py-2">Evidence</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {t.data.map((c) => {
                  const chosen = chosenFor(choices, t.table, c);
                  const options = [...new Set([c.mapped, c.proposed, ...ColumnTypeChoice.options])];
                  return (
                    <tr key={c.name} className={c.misfits ? "bg-amber-50/60" : undefined}>
                      <td className="px-4 py-2 font-mono text-slate-900">{c.name}</td>
                      <td className="px-4 py-2 font-mono text-slate-500">{c.declaredType || "(none)"}</td>
                      <td className="px-4 py-2">
                        <Select
                          aria-label={`Type of ${t.table}.${c.name}`}
                          value={chosen}
                          onChange={(e) => choose(t.table, c, e.target.value)}
                        >
                          {options.map((o) => (
                            <option key={o} value={o}>
                              {o}
                              {o === c.proposed && c.proposed !== c.mapped ? " (proposed)" : ""}
                              {o === c.mapped ? " (declared)" : ""}
                            </option>
                          ))}
                        </Select>
                      </td>
                      <td className="px-4 py-2 text-xs text-slate-600">
                        {c.misfits > 0 && (
                          <Badge tone="amber">
                            {c.misfits} misfit{c.misfits === 1 ? "" : "s"}
                          </Badge>
                        )}{" "}
                        {c.evidence}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}
