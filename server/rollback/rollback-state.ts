import { and, eq, inArray, ne } from "drizzle-orm";
import type { RollbackView } from "@/contracts/rollback";
import { db } from "@/server/db/client";
import { migrations, runRollbacks, runs, runSnapshots } from "@/server/db/schema";
import { publishRunEvent } from "@/server/events/run-events";

/** The run page's view of a run's rollback; null when the run took no snapshot. */
export async function getRollbackView(runId: string): Promise<RollbackView | null> {
  const [snap] = await db().select().from(runSnapshots).where(eq(runSnapshots.runId, runId));
  if (!snap) return null;
  const [rb] = await db().select().from(runRollbacks).where(eq(runRollbacks.runId, runId));
  return {
    available: true,
    snapshot: {
      tables: snap.tables.map((t) => `${t.schema}.${t.name}`),
      bytes: snap.bytes,
      durationMs: snap.durationMs,
      createdObjects: snap.created?.length ?? null,
    },
    status: rb?.status ?? null,
    steps: rb?.steps ?? [],
    outcome: rb?.outcome ?? null,
    error: rb?.error ?? null,
    finishedAt: rb?.finishedAt?.toISOString() ?? null,
  };
}

/** Sends the rollback's current state to the run page. */
export async function publishRollback(runId: string): Promise<void> {
  const rollback = await getRollbackView(runId);
  if (rollback)
    await publishRunEvent(runId, { type: "run.rollback", rollback, at: new Date().toISOString() });
}

/** Another run writing to the same target connection, which a rollback must not race. */
export async function activeRunOnTarget(runId: string): Promise<string | null> {
  const [mine] = await db()
    .select({ targetId: migrations.targetId })
    .from(runs)
    .innerJoin(migrations, eq(migrations.id, runs.migrationId))
    .where(eq(runs.id, runId));
  if (!mine) return null;
  const [other] = await db()
    .select({ id: runs.id })
    .from(runs)
    .innerJoin(migrations, eq(migrations.id, runs.migrationId))
    .where(
      and(
        eq(migrations.targetId, mine.targetId),
        ne(runs.id, runId),
        inArray(runs.status, ["queued", "running", "verifying"]),
      ),
    );
  return other?.id ?? null;
}

/** A rollback queued or under way on this target connection, which a new run must not race. */
export async function activeRollbackOnTarget(targetId: string): Promise<string | null> {
  const [row] = await db()
    .select({ runId: runRollbacks.runId })
    .from(runRollbacks)
    .innerJoin(runs, eq(runs.id, runRollbacks.runId))
    .innerJoin(migrations, eq(migrations.id, runs.migrationId))
    .where(and(eq(migrations.targetId, targetId), inArray(runRollbacks.status, ["queued", "running"])));
  return row?.runId ?? null;
}
