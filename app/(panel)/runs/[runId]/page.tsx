"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { runRate, runTotals, TERMINAL_STATUSES } from "@/contracts/runs";
import { PageHeader } from "@/components/layout/page-header";
import { PhaseStepper } from "@/components/runs/phase-stepper";
import { RollbackPanel } from "@/components/runs/rollback-panel";
import { RunLog } from "@/components/runs/run-log";
import { StepProgress } from "@/components/runs/step-progress";
import { TablesProgress } from "@/components/runs/tables-progress";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatCount, formatDuration, formatRate, formatTime } from "@/contracts/format";
import { ErrorBox, Stat } from "@/components/ui/messages";
import { ProgressBar } from "@/components/ui/progress-bar";
import { StatusBadge } from "@/components/ui/status-badge";
import { errorMessage } from "@/hooks/api-client";
import { useCancelRun, useReverifyRun, useRollbackRun } from "@/hooks/use-migrations";
import { useRunProgress } from "@/hooks/use-run-progress";
import { useMe } from "@/hooks/use-session";
import { useNow } from "@/hooks/use-now";

export default function RunPage() {
  const { runId } = useParams<{ runId: string }>();
  const run = useRunProgress(runId);
  const cancel = useCancelRun(runId);
  const reverify = useReverifyRun(runId);
  const rollback = useRollbackRun(runId);
  const canOperate = ["admin", "dba"].includes(useMe().data?.role ?? "");
  const finished = run.data ? TERMINAL_STATUSES.includes(run.data.status) : false;
  const now = useNow(!finished);
  if (run.isError) return <ErrorBox>{errorMessage(run.error)}</ErrorBox>;
  const r = run.data;
  if (!r) return <p className="text-sm text-slate-500">Loading…</p>;
  const totals = runTotals(r);
  const { rowsPerSecond, etaSeconds } = runRate(r, now);
  const hasReport = r.phase === "done" && r.verified !== null;
  const unverified = r.status === "succeeded" && r.verified === null;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            Run of{" "}
            <Link href={`/migrations/${r.migrationId}`} className="text-teal-800 hover:underline">
              {r.migrationName}
            </Link>
            <StatusBadge status={r.status} testId="run-status" />
          </span>
        }
        subtitle={`Queued ${formatTime(r.createdAt)}${r.finishedAt ? ` · finished ${formatTime(r.finishedAt)}` : ""}`}
        actions={
          <>
            {hasReport && (
              <>
                <Link href={`/runs/${r.id}/report`}>
                  <Button variant="secondary">Verification report</Button>
                </Link>
                <a href={`/api/runs/${r.id}/report?download=1`} download>
                  <Button variant="secondary">Download report.json</Button>
                </a>
              </>
            )}
            {canOperate && finished && (hasReport || unverified) && (
              <Button
                variant={unverified ? "primary" : "secondary"}
                onClick={() => reverify.mutate()}
                disabled={reverify.isPending}
                data-testid="reverify-run"
              >
                {unverified ? "Verify now" : "Verify again"}
              </Button>
            )}
            {canOperate && !finished && (
              <Button variant="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
                Cancel run
              </Button>
            )}
          </>
        }
      />
      {r.error && (
        <div className="mb-6">
          <ErrorBox title={r.status === "cancelled" ? "Cancelled" : "The run stopped"} testId="run-error">
            {r.error}
          </ErrorBox>
        </div>
      )}
      {[cancel, reverify].map(
        (m, i) =>
          m.isError && (
            <div className="mb-6" key={i}>
              <ErrorBox>{errorMessage(m.error)}</ErrorBox>
            </div>
          ),
      )}
      <Card className="mb-6">
        <div className="mb-4">
          <PhaseStepper phase={r.phase} status={r.status} unverified={unverified} />
        </div>
        <ProgressBar
          fraction={totals.fraction}
          label="Overall progress"
          testId="overall-progress"
          tone={r.status === "failed" ? "red" : r.verified ? "green" : "teal"}
        />
        <div className="mt-4 grid grid-cols-2 gap-6 sm:grid-cols-4">
          <Stat
            label="Rows"
            value={<span data-testid="overall-percent">{Math.round(totals.fraction * 1000) / 10}%</span>}
            hint={`${formatCount(totals.rowsDone)} of ${formatCount(totals.rowsTotal)}`}
          />
          <Stat label="Rate" value={formatRate(rowsPerSecond)} />
          <Stat
            label="Time left"
            value={finished ? "—" : formatDuration(etaSeconds)}
            hint={finished ? r.status : r.phase === "data" ? "copying" : r.phase}
          />
          <Stat
            label="Verified"
            value={
              r.verified !== null
                ? r.verified
                  ? "all tables match"
                  : "differences found"
                : unverified
                  ? "not verified"
                  : "not yet"
            }
            hint={unverified ? "verifies on request: Verify now" : undefined}
          />
        </div>
        {r.step && !finished && <StepProgress step={r.step} />}
      </Card>
      {r.tables.length > 0 ? (
        <TablesProgress tables={r.tables} now={now} />
      ) : (
        <p className="text-sm text-slate-500">
          {r.status === "queued" ? "Waiting for a worker to pick the run up…" : "Planning the tables…"}
        </p>
      )}
      {r.rollback && (
        <RollbackPanel
          rollback={r.rollback}
          canRollBack={canOperate && finished}
          onRollBack={() => rollback.mutate()}
          pending={rollback.isPending}
          notice={rollback.data?.alreadyRolledBack ? rollback.data.message : null}
          error={rollback.isError ? errorMessage(rollback.error) : null}
        />
      )}
      <Card title="Log" className="mt-6">
        <RunLog lines={r.log} />
      </Card>
    </>
  );
}
