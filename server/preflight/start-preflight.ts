import { desc, eq } from "drizzle-orm";
import { PreflightReport } from "@/contracts/preflight";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { migrations, preflightReports } from "@/server/db/schema";
import { notFound } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { enqueuePreflight } from "@/server/queue/jobs";

/** Records a queued assessment (history is kept) and hands it to the "preflight" queue. */
export async function startPreflight({
  actor,
  migrationId,
}: {
  actor: SessionUser;
  migrationId: string;
}): Promise<{ id: string }> {
  const [migration] = await db()
    .select({ id: migrations.id, name: migrations.name })
    .from(migrations)
    .where(eq(migrations.id, migrationId));
  if (!migration) throw notFound(`Migration ${migrationId}`);
  const id = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(preflightReports)
      .values({ migrationId, status: "queued", createdBy: actor.id })
      .returning({ id: preflightReports.id });
    await recordAudit(tx, {
      actor,
      action: "preflight.start",
      objectType: "migration",
      objectId: migrationId,
      details: { preflightId: row!.id, migration: migration.name },
    });
    return row!.id;
  });
  await enqueuePreflight({ preflightId: id });
  await publishMigrationEvent(migrationId, { type: "preflight.changed", status: "queued" });
  return { id };
}

/** The newest assessment of a migration, finished or not. */
export async function getLatestPreflight(migrationId: string): Promise<PreflightReport> {
  const [row] = await db()
    .select()
    .from(preflightReports)
    .where(eq(preflightReports.migrationId, migrationId))
    .orderBy(desc(preflightReports.createdAt))
    .limit(1);
  if (!row) throw notFound(`A preflight of migration ${migrationId}`);
  return PreflightReport.parse({
    id: row.id,
    migrationId: row.migrationId,
    status: row.status,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    checks: row.checks,
    summary: row.summary ?? { pass: 0, warn: 0, fail: 0, notApplicable: [] },
    error: row.error,
  });
}
