import { and, eq, inArray, ne } from "drizzle-orm";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { reports, runs } from "@/server/db/schema";
import { conflict, notFound } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { publishRunEvent } from "@/server/events/run-events";
import { enqueueRun } from "@/server/queue/jobs";

/**
 * Verifies a finished run's target again (say, after the application ran on it): the run goes back to
 * its verify phase, a worker compares both sides afresh, and a new signed report replaces the old one.
 */
export async function reverifyRun({ actor, runId }: { actor: SessionUser; runId: string }): Promise<void> {
  const [run] = await db().select().from(runs).where(eq(runs.id, runId));
  if (!run) throw notFound(`Run ${runId}`);
  const [report] = await db().select({ runId: reports.runId }).from(reports).where(eq(reports.runId, runId));
  // A run without a report can be verified when it succeeded unverified (its migration verifies on request).
  if (!["succeeded", "failed"].includes(run.status) || (!report && run.status !== "succeeded"))
    throw conflict(
      "run_not_verified",
      "Only a finished run that reached verification, or one that succeeded unverified, can be verified; this one stopped before its data was complete.",
    );
  const active = await db()
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        eq(runs.migrationId, run.migrationId),
        ne(runs.id, runId),
        inArray(runs.status, ["queued", "running", "verifying"]),
      ),
    );
  if (active.length)
    throw conflict(
      "run_in_progress",
      `Run ${active[0]!.id} of this migration is in progress; wait for it first.`,
    );
  const updated = await db().transaction(async (tx) => {
    const rows = await tx
      .update(runs)
      .set({
        status: "queued",
        phase: "verify",
        error: null,
        verified: null,
        finishedAt: null,
        cancelRequested: false,
      })
      .where(and(eq(runs.id, runId), inArray(runs.status, ["succeeded", "failed"])))
      .returning({ id: runs.id });
    if (rows.length)
      await recordAudit(tx, { actor, action: "run.reverify", objectType: "run", objectId: runId });
    return rows.length;
  });
  if (!updated) throw conflict("run_in_progress", "The run is already being verified again.");
  await publishRunEvent(runId, {
    type: "run.status",
    status: "queued",
    phase: "verify",
    error: null,
    at: new Date().toISOString(),
  });
  await publishMigrationEvent(run.migrationId, { type: "run.changed", runId, status: "queued" });
  await enqueueRun({ runId, reverify: Date.now() });
}
