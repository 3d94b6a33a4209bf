"use client";

import { useState } from "react";
import {
  inTableGroup,
  tableGroupCounts,
  tableRate,
  type RunTableView,
  type TableGroup,
} from "@/contracts/runs";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatCount, formatDuration, formatRate } from "@/contracts/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { StatusBadge } from "@/components/ui/status-badge";

/** Above this many tables the list gets filters: a run of hundreds of tables is read by what needs a look. */
const FILTER_FROM_TABLES = 20;
/**
 * Rows drawn at a time: every event redraws the list, and a schema of thousands of tables would redraw
 * thousands of rows several times a second. More on request.
 */
const ROWS_AT_A_TIME = 100;

const FILTERS: { group: TableGroup; label: string; empty: string }[] = [
  { group: "all", label: "All", empty: "" },
  { group: "active", label: "In progress", empty: "No table is being copied or verified right now." },
  { group: "problems", label: "Problems", empty: "No table failed or differs." },
  { group: "waiting", label: "Waiting", empty: "No table is waiting for its turn." },
  { group: "done", label: "Done", empty: "No table is finished yet." },
];

export function TablesProgress({ tables, now }: { tables: RunTableView[]; now: number }) {
  const [group, setGroup] = useState<TableGroup>("all");
  const [limit, setLimit] = useState(ROWS_AT_A_TIME);
  const filtered = tables.length > FILTER_FROM_TABLES;
  const shown = filtered ? tables.filter((t) => inTableGroup(t, group)) : tables;
  const rest = shown.length - limit;
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      {filtered && (
        <TableFilters
          tables={tables}
          group={group}
          onChange={(g) => {
            setGroup(g);
            setLimit(ROWS_AT_A_TIME);
          }}
        />
      )}
      {shown.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">{FILTERS.find((f) => f.group === group)!.empty}</p>
      ) : (
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
          {shown.slice(0, limit).map((t) => {
            const { rowsPerSecond, etaSeconds } = tableRate(t, now);
            const fraction = t.rowsTotal === 0 ? (t.status === "pending" ? 0 : 1) : t.rowsDone / t.rowsTotal;
            return (
              <tr key={t.name} data-testid={`table-row-${t.name}`}>
                <td className="px-4 py-2.5 font-mono text-slate-900">
                  {t.name}
                  {t.error && (
                    <p className="mt-1 max-w-md font-sans text-xs whitespace-normal text-red-700">
                      {t.error}
                    </p>
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
                  {formatCount(t.rowsDone)}{" "}
                  <span className="text-slate-400">/ {formatCount(t.rowsTotal)}</span>
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
      )}
      {rest > 0 && (
        <div className="flex items-center justify-between gap-4 border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
          <p data-testid="tables-shown">
            Showing {formatCount(limit)} of {formatCount(shown.length)} tables
            {group === "all" ? ": the filters above find those that need a look." : "."}
          </p>
          <button
            type="button"
            onClick={() => setLimit((n) => n + ROWS_AT_A_TIME)}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50"
          >
            Show {formatCount(Math.min(rest, ROWS_AT_A_TIME))} more
          </button>
        </div>
      )}
    </div>
  );
}

function TableFilters({
  tables,
  group,
  onChange,
}: {
  tables: RunTableView[];
  group: TableGroup;
  onChange: (g: TableGroup) => void;
}) {
  const counts = tableGroupCounts(tables);
  return (
    <div
      className="flex flex-wrap gap-2 border-b border-slate-200 px-4 py-3"
      role="group"
      aria-label="Show tables"
    >
      {FILTERS.map((f) => (
        <button
          key={f.group}
          type="button"
          aria-pressed={group === f.group}
          onClick={() => onChange(f.group)}
          className={`rounded-full border px-3 py-1 text-xs font-medium tabular-nums ${
            group === f.group
              ? "border-teal-700 bg-teal-700 text-white"
              : f.group === "problems" && counts.problems > 0
                ? "border-red-200 bg-red-50 text-red-800 hover:bg-red-100"
                : "border-slate-200 bg-white text-slate-700 hover:bg-slate-50"
          }`}
        >
          {f.label} {formatCount(counts[f.group])}
        </button>
      ))}
    </div>
  );
}
