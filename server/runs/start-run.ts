import { and, eq, inArray } from "drizzle-orm";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { assertPlanApproved } from "@/server/checklists/approval-gate";
import { db } from "@/server/db/client";
import { migrations, runs } from "@/server/db/schema";
import { conflict, notFound } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { publishRunEvent } from "@/server/events/run-events";
import { enqueueRun } from "@/server/queue/jobs";
import { activeRollbackOnTarget } from "@/server/rollback/rollback-state";

export async function startRun({
  actor,
  migrationId,
}: {
  actor: SessionUser;
  migrationId: string;
}): Promise<{ id: string }> {
  const [migration] = await db().select().from(migrations).where(eq(migrations.id, migrationId));
  if (!migration) throw notFound(`Migration ${migrationId}`);
  const active = await db()
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.migrationId, migrationId), inArray(runs.status, ["queued", "running", "verifying"])));
  if (active.length)
    throw conflict(
      "run_in_progress",
      `Run ${active[0]!.id} of this migration is still in progress. Wait for it, or cancel it first.`,
    );
  await assertPlanApproved(db(), migrationId);
  const rollingBack = await activeRollbackOnTarget(migration.targetId);
  if (rollingBack)
    throw conflict(
      "target_rolling_back",
      `Run ${rollingBack} is being rolled back on the same target. Wait for the rollback to end, then start the run.`,
    );
  const id = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(runs)
      .values({ migrationId, status: "queued", createdBy: actor.id })
      .returning({ id: runs.id });
    await recordAudit(tx, {
      actor,
      action: "run.start",
      objectType: "run",
      objectId: row!.id,
      details: { migrationId, migration: migration.name },
    });
    return row!.id;
  });
  await publishRunEvent(id, {
    type: "run.status",
    status: "queued",
    phase: "queued",
    error: null,
    at: new Date().toISOString(),
  });
  await publishMigrationEvent(migrationId, { type: "run.changed", runId: id, status: "queued" });
  await enqueueRun({ runId: id });
  return { id };
}
