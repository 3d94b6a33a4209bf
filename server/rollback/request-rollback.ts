import { eq } from "drizzle-orm";
import type { RollbackRequestResult } from "@/contracts/rollback";
import type { SessionUser } from "@/contracts/roles";
import { TERMINAL_STATUSES } from "@/contracts/runs";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { runRollbacks, runs, runSnapshots } from "@/server/db/schema";
import { conflict, notFound } from "@/server/errors";
import { enqueueRollback } from "@/server/queue/jobs";
import { activeRunOnTarget, publishRollback } from "./rollback-state";

/**
 * Queues the undoing of a finished run. Idempotent: a rolled-back run says so and nothing runs again;
 * a failed rollback may be retried.
 */
export async function requestRollback({
  actor,
  runId,
}: {
  actor: SessionUser;
  runId: string;
}): Promise<RollbackRequestResult> {
  const [run] = await db().select().from(runs).where(eq(runs.id, runId));
  if (!run) throw notFound(`Run ${runId}`);
  if (!TERMINAL_STATUSES.includes(run.status))
    throw conflict(
      "run_in_progress",
      "The run is still in progress. Cancel it or wait for it to end, then roll it back.",
    );
  const [snap] = await db()
    .select({ runId: runSnapshots.runId })
    .from(runSnapshots)
    .where(eq(runSnapshots.runId, runId));
  if (!snap)
    throw conflict(
      "no_snapshot",
      'This run cannot be rolled back: it took no snapshot. Turn on "Snapshot before the run" in the migration\'s options for future runs.',
    );
  const other = await activeRunOnTarget(runId);
  if (other)
    throw conflict(
      "target_busy",
      `Run ${other} is writing to the same target right now. Wait for it to end (or cancel it), then roll back.`,
    );
  const { result, fresh } = await db().transaction(async (tx) => {
    // Locks the run row: two requests at once queue one rollback.
    await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId)).for("update");
    const [existing] = await tx.select().from(runRollbacks).where(eq(runRollbacks.runId, runId));
    if (existing?.status === "succeeded")
      return {
        fresh: false,
        result: {
          runId,
          status: existing.status,
          alreadyRolledBack: true,
          message: `This run was already rolled back${existing.finishedAt ? ` at ${existing.finishedAt.toISOString()}` : ""}; nothing was done.`,
        },
      };
    if (existing && existing.status !== "failed")
      return {
        fresh: false,
        result: {
          runId,
          status: existing.status,
          alreadyRolledBack: false,
          message: "A rollback of this run is already under way.",
        },
      };
    const row = {
      status: "queued" as const,
      steps: [],
      outcome: null,
      error: null,
      requestedBy: actor.id,
      finishedAt: null,
    };
    await tx
      .insert(runRollbacks)
      .values({ runId, ...row })
      .onConflictDoUpdate({ target: runRollbacks.runId, set: row });
    await recordAudit(tx, {
      actor,
      action: "run.rollback",
      objectType: "run",
      objectId: runId,
      details: { retry: Boolean(existing) },
    });
    const queued: RollbackRequestResult = {
      runId,
      status: "queued",
      alreadyRolledBack: false,
      message: "Rollback queued.",
    };
    return { fresh: true, result: queued };
  });
  if (fresh) {
    await publishRollback(runId);
    await enqueueRollback({ runId });
  }
  return result;
}
