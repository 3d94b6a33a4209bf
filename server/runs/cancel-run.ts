import { eq } from "drizzle-orm";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { runs } from "@/server/db/schema";
import { conflict, notFound } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { publishRunEvent } from "@/server/events/run-events";
import { queue } from "@/server/queue/jobs";

/** A queued run is cancelled at once; a running one stops at its next batch boundary. */
export async function cancelRun({ actor, runId }: { actor: SessionUser; runId: string }): Promise<void> {
  const [run] = await db().select().from(runs).where(eq(runs.id, runId));
  if (!run) throw notFound(`Run ${runId}`);
  if (["succeeded", "failed", "cancelled"].includes(run.status))
    throw conflict(
      "run_finished",
      `The run has already ${run.status === "cancelled" ? "been cancelled" : run.status}.`,
    );
  await db().transaction(async (tx) => {
    await tx.update(runs).set({ cancelRequested: true }).where(eq(runs.id, runId));
    await recordAudit(tx, { actor, action: "run.cancel", objectType: "run", objectId: runId });
  });
  if (run.status === "queued") {
    const job = await queue("runs").getJob(`run-${runId}`);
    const state = await job?.getState();
    if (job && (state === "waiting" || state === "delayed")) {
      await job.remove();
      const at = new Date();
      await db()
        .update(runs)
        .set({ status: "cancelled", phase: "done", error: "Cancelled before it started.", finishedAt: at })
        .where(eq(runs.id, runId));
      await publishRunEvent(runId, {
        type: "run.status",
        status: "cancelled",
        phase: "done",
        error: "Cancelled before it started.",
        at: at.toISOString(),
      });
      await publishMigrationEvent(run.migrationId, { type: "run.changed", runId, status: "cancelled" });
    }
  }
}
