import type { DryRunResult } from "@/contracts/migrations";
import { DataTable } from "@/components/ui/data-table";
import { Badge } from "@/components/ui/badge";
import { formatBytes, formatCount, formatDuration } from "@/contracts/format";
import { ErrorBox, Stat } from "@/components/ui/messages";

export function DryRunView({ result }: { result: DryRunResult }) {
  return (
    <div className="space-y-5" data-testid="dry-run">
      {result.blockers.length > 0 ? (
        <ErrorBox title="The run would stop before writing">
          <ul className="list-disc pl-5">
            {result.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </ErrorBox>
      ) : (
        <p className="text-sm font-medium text-emerald-800" data-testid="dry-run-verdict">
          Nothing would stop this run. Nothing was written.
        </p>
      )}
      <div className="grid grid-cols-2 gap-6 sm:grid-cols-4">
        <Stat
          label="Rows"
          value={`${result.totals.rowsEstimated ? "≈ " : ""}${formatCount(result.totals.rows)}`}
          hint={
            result.totals.rowsEstimated
              ? "Large tables by PostgreSQL's fresh statistics, the rest counted"
              : undefined
          }
        />
        <Stat label="Data" value={formatBytes(result.totals.bytes)} hint={result.bytesBasis ?? undefined} />
        <Stat
          label="Estimated time"
          value={formatDuration(result.totals.estimatedSeconds)}
          hint={result.rateBasis}
        />
        <Stat
          label="Predicted rejects"
          value={<span data-testid="dry-run-rejects">{formatCount(result.totals.predictedRejects)}</span>}
        />
      </div>
      {result.warnings.map((w) => (
        <p key={w} className="text-sm text-amber-800">
          {w}
        </p>
      ))}
      <div className="overflow-hidden rounded-lg border border-slate-200">
        <DataTable
          columns={[
            { label: "Table" },
            { label: "Rows", className: "text-right" },
            { label: "Data", className: "text-right" },
            { label: "Time", className: "text-right" },
            { label: "Types" },
            { label: "Rejects" },
          ]}
          cell="px-4 py-2"
          bodyClassName="bg-white"
        >
          {result.tables.map((t) => (
            <tr key={t.name} className="align-top" data-testid={`dry-run-row-${t.name}`}>
              <td className="px-4 py-2 font-mono text-slate-900">
                {t.name}
                {t.notes.map((n) => (
                  <div key={n} className="font-sans text-xs text-slate-500">
                    {n}
                  </div>
                ))}
              </td>
              <td
                className="px-4 py-2 text-right tabular-nums"
                title={
                  t.rowsEstimated
                    ? "PostgreSQL's estimate from fresh statistics; the run counts every row"
                    : undefined
                }
              >
                {t.rowsEstimated && <span className="text-slate-400">≈ </span>}
                {formatCount(t.rows)}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{formatBytes(t.bytes)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatDuration(t.estimatedSeconds)}</td>
              <td className="px-4 py-2 text-xs text-slate-600">
                {t.columns.map((c) => (
                  <div key={c.name}>
                    <span className="font-mono text-slate-900">{c.name}</span> {c.declaredType || "(none)"} →{" "}
                    <span className="font-mono">{c.pgType}</span>
                    {c.chosen && <span className="text-teal-800"> (chosen)</span>}
                  </div>
                ))}
              </td>
              <td className="px-4 py-2 text-xs">
                {t.predictedRejects ? (
                  <>
                    <Badge tone="amber">{formatCount(t.predictedRejects)} rows</Badge>
                    {t.rejectExamples.map((e) => (
                      <div key={e} className="mt-1 text-slate-600">
                        {e}
                      </div>
                    ))}
                  </>
                ) : (
                  <span className="text-slate-500">none</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </div>
  );
}
