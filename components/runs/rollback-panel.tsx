import type { RollbackView } from "@/contracts/rollback";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatBytes, formatTime } from "@/contracts/format";
import { ErrorBox } from "@/components/ui/messages";
import { StatusBadge } from "@/components/ui/status-badge";

const MARK = { pending: "○", running: "…", done: "✓", failed: "✗" } as const;

/** Undoing a run: what the snapshot holds, the rollback's steps and its outcome. */
export function RollbackPanel({
  rollback,
  canRollBack,
  onRollBack,
  pending,
  notice,
  error,
}: {
  rollback: RollbackView;
  canRollBack: boolean;
  onRollBack: () => void;
  pending: boolean;
  notice: string | null;
  error: string | null;
}) {
  const busy = rollback.status === "queued" || rollback.status === "running";
  const snap = rollback.snapshot;
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Rollback {rollback.status && <StatusBadge status={rollback.status} testId="rollback-status" />}
        </span>
      }
      actions={
        canRollBack &&
        rollback.status !== "succeeded" && (
          <Button variant="danger" onClick={onRollBack} disabled={pending || busy}>
            {rollback.status === "failed" ? "Retry rollback" : "Roll back"}
          </Button>
        )
      }
      className="mt-6"
    >
      {snap && (
        <p className="text-sm text-slate-600">
          {snap.tables.length
            ? `Snapshot of ${snap.tables.length} table(s) (${snap.tables.join(", ")}), ${formatBytes(snap.bytes)}, taken in ${(snap.durationMs / 1000).toFixed(1)} s.`
            : "The target schema(s) held no table before the run: nothing to restore."}{" "}
          {snap.createdObjects === null
            ? "What the run created is worked out when it is rolled back."
            : `The run created ${snap.createdObjects} object(s).`}
        </p>
      )}
      {rollback.steps.length > 0 && (
        <ol className="mt-4 space-y-1 text-sm" data-testid="rollback-steps">
          {rollback.steps.map((s) => (
            <li key={s.label} className={s.status === "failed" ? "text-red-700" : "text-slate-700"}>
              <span className="inline-block w-5">{MARK[s.status]}</span>
              {s.label}
              {s.detail && <span className="text-slate-500"> — {s.detail}</span>}
            </li>
          ))}
        </ol>
      )}
      {rollback.outcome && (
        <p className="mt-4 text-sm font-medium text-emerald-800" data-testid="rollback-outcome">
          {rollback.outcome}
          {rollback.finishedAt && ` (${formatTime(rollback.finishedAt)})`}
        </p>
      )}
      {notice && <p className="mt-4 text-sm text-slate-700">{notice}</p>}
      {(rollback.error || error) && (
        <div className="mt-4">
          <ErrorBox title="Rollback">{error ?? rollback.error}</ErrorBox>
        </div>
      )}
    </Card>
  );
}
