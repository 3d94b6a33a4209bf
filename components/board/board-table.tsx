import Link from "next/link";
import { isFailing, type BoardRow } from "@/contracts/board";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { formatTime } from "@/contracts/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { StatusBadge } from "@/components/ui/status-badge";

const COLUMNS = [
  { label: "Migration" },
  { label: "Runbook phase" },
  { label: "Checklist", className: "w-44" },
  { label: "Preflight" },
  { label: "Approval" },
  { label: "Last run" },
];

function Preflight({ p }: { p: BoardRow["preflight"] }) {
  if (!p) return <span className="text-slate-400">not run</span>;
  if (p.status !== "finished") return <StatusBadge status={p.status === "failed" ? "failed" : "running"} />;
  if (!p.fail && !p.warn) return <Badge tone="green">all pass</Badge>;
  return (
    <span className="flex flex-wrap gap-1">
      {p.fail > 0 && <Badge tone="red">{p.fail} failing</Badge>}
      {p.warn > 0 && (
        <Badge tone="amber">
          {p.warn} warning{p.warn > 1 ? "s" : ""}
        </Badge>
      )}
    </span>
  );
}

function Approval({ a }: { a: BoardRow["approval"] }) {
  if (a === "waiting") return <Badge tone="violet">waiting</Badge>;
  if (a === "approved") return <Badge tone="green">approved</Badge>;
  return <span className="text-slate-400">not required</span>;
}

function LastRun({ run }: { run: BoardRow["lastRun"] }) {
  if (!run) return <span className="text-slate-400">never run</span>;
  return (
    <div>
      <span className="flex flex-wrap items-center gap-1">
        <StatusBadge status={run.status} />
        {run.verified === true && <Badge tone="green">verified</Badge>}
        {run.verified === false && <Badge tone="red">differences</Badge>}
      </span>
      <span className="mt-0.5 block text-xs text-slate-500">{formatTime(run.createdAt)}</span>
    </div>
  );
}

/** The lead's board: one row per migration; its name leads to the migration's page. */
export function BoardTable({ rows }: { rows: BoardRow[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable columns={COLUMNS}>
        {rows.map((r) => {
          const { total, complete } = r.checklist;
          return (
            <tr key={r.migrationId} className="hover:bg-slate-50" data-testid="board-row">
              <td className="px-4 py-3">
                <Link
                  href={`/migrations/${r.migrationId}`}
                  className="font-medium text-teal-800 hover:underline"
                >
                  {r.name}
                </Link>
              </td>
              <td className="px-4 py-3 text-slate-700">
                {r.phase ?? (total ? <Badge tone="green">all done</Badge> : "—")}
              </td>
              <td className="px-4 py-3">
                <div className="flex items-center gap-2">
                  <ProgressBar
                    fraction={total ? complete / total : 0}
                    label={`Checklist of ${r.name}`}
                    tone={isFailing(r) ? "red" : complete === total && total ? "green" : "teal"}
                    size="sm"
                  />
                  <span
                    className="shrink-0 text-xs text-slate-600 tabular-nums"
                    data-testid="board-completion"
                  >
                    {complete}/{total}
                  </span>
                </div>
              </td>
              <td className="px-4 py-3">
                <Preflight p={r.preflight} />
              </td>
              <td className="px-4 py-3">
                <Approval a={r.approval} />
              </td>
              <td className="px-4 py-3" data-testid="board-last-run">
                <LastRun run={r.lastRun} />
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
