import { asc, eq } from "drizzle-orm";
import type { RunSnapshot } from "@/contracts/runs";
import { db } from "@/server/db/client";
import { migrations, runs, runTables } from "@/server/db/schema";
import { notFound } from "@/server/errors";
import { latestEventId } from "@/server/events/run-events";
import { getRollbackView } from "@/server/rollback/rollback-state";

export async function getRunSnapshot(runId: string): Promise<RunSnapshot> {
  // The cursor is read first: events after it may repeat what the rows show, and replaying absolute events is harmless.
  const eventCursor = await latestEventId(runId);
  const [row] = await db()
    .select({ run: runs, migrationName: migrations.name })
    .from(runs)
    .innerJoin(migrations, eq(migrations.id, runs.migrationId))
    .where(eq(runs.id, runId));
  if (!row) throw notFound(`Run ${runId}`);
  const tables = await db()
    .select()
    .from(runTables)
    .where(eq(runTables.runId, runId))
    .orderBy(asc(runTables.position));
  const r = row.run;
  return {
    id: r.id,
    migrationId: r.migrationId,
    migrationName: row.migrationName,
    status: r.status,
    phase: r.phase as RunSnapshot["phase"],
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    verified: r.verified,
    step: r.step ?? null,
    rollback: await getRollbackView(runId),
    log: r.log,
    tables: tables.map((t) => ({
      name: t.name,
      targetName: t.targetName,
      status: t.status,
      rowsDone: t.rowsDone,
      rowsTotal: t.rowsTotal,
      bytesDone: t.bytesDone,
      startedAt: t.startedAt?.toISOString() ?? null,
      finishedAt: t.finishedAt?.toISOString() ?? null,
      error: t.error,
    })),
    eventCursor,
  };
}
