import { tableRate, type RunTableView } from "@/contracts/runs";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatCount, formatDuration, formatRate } from "@/contracts/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { StatusBadge } from "@/components/ui/status-badge";

export function TablesProgress({ tables, now }: { tables: RunTableView[]; now: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable
        columns={[
          { label: "Table" },
          { label: "Status" },
          { label: "Progress", className: "w-1/4" },
          { label: "Rows", className: "text-right" },
          { label: "Data", className: "text-right" },
          { label: "Rate", className: "text-right" },
          { label: "ETA", className: "text-right" },
        ]}
      >
        {tables.map((t) => {
          const { rowsPerSecond, etaSeconds } = tableRate(t, now);
          const fraction = t.rowsTotal === 0 ? (t.status === "pending" ? 0 : 1) : t.rowsDone / t.rowsTotal;
          return (
            <tr key={t.name} data-testid={`table-row-${t.name}`}>
              <td className="px-4 py-2.5 font-mono text-slate-900">
                {t.name}
                {t.error && (
                  <p className="mt-1 max-w-md font-sans text-xs whitespace-normal text-red-700">{t.error}</p>
                )}
              </td>
              <td className="px-4 py-2.5">
                <StatusBadge status={t.status} testId={`table-status-${t.name}`} />
              </td>
              <td className="px-4 py-2.5">
                <ProgressBar
                  size="sm"
                  fraction={fraction}
                  label={`${t.name} progress`}
                  tone={
                    t.status === "failed" || t.status === "mismatch"
                      ? "red"
                      : t.status === "verified"
                        ? "green"
                        : "teal"
                  }
                />
              </td>
              <td className="px-4 py-2.5 text-right text-slate-700 tabular-nums">
                {formatCount(t.rowsDone)} <span className="text-slate-400">/ {formatCount(t.rowsTotal)}</span>
              </td>
              <td className="px-4 py-2.5 text-right text-slate-600 tabular-nums">
                {t.bytesDone ? formatBytes(t.bytesDone) : "—"}
              </td>
              <td className="px-4 py-2.5 text-right text-slate-600 tabular-nums">
                {formatRate(rowsPerSecond)}
              </td>
              <td className="px-4 py-2.5 text-right text-slate-600 tabular-nums">
                {t.status === "copying" ? formatDuration(etaSeconds) : "—"}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
