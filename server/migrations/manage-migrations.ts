import { desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type CreateMigrationInput, MigrationOptions, type MigrationView } from "@/contracts/migrations";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { ensureChecklist } from "@/server/checklists/ensure-checklist";
import { planHash } from "@/server/checklists/plan-hash";
import { scriptSha256 } from "@/server/runs/post-scripts";
import { db } from "@/server/db/client";
import { connections, migrations, reports, runs, users } from "@/server/db/schema";
import { badRequest, notFound } from "@/server/errors";

const source = alias(connections, "source");
const target = alias(connections, "target");

async function views(where?: ReturnType<typeof eq>): Promise<MigrationView[]> {
  const rows = await db()
    .select({
      m: migrations,
      sourceName: source.name,
      sourceEngine: source.engine,
      targetName: target.name,
      createdBy: users.email,
    })
    .from(migrations)
    .innerJoin(source, eq(source.id, migrations.sourceId))
    .innerJoin(target, eq(target.id, migrations.targetId))
    .innerJoin(users, eq(users.id, migrations.createdBy))
    .where(where)
    .orderBy(desc(migrations.createdAt));
  const ids = rows.map((r) => r.m.id);
  const lastRuns = ids.length
    ? await db()
        .selectDistinctOn([runs.migrationId], {
          migrationId: runs.migrationId,
          id: runs.id,
          status: runs.status,
          createdAt: runs.createdAt,
          verified: runs.verified,
        })
        .from(runs)
        .where(inArray(runs.migrationId, ids))
        .orderBy(runs.migrationId, desc(runs.createdAt))
    : [];
  return rows.map(({ m, ...r }) => {
    const last = lastRuns.find((l) => l.migrationId === m.id);
    return {
      id: m.id,
      name: m.name,
      sourceId: m.sourceId,
      targetId: m.targetId,
      sourceName: r.sourceName,
      targetName: r.targetName,
      sourceEngine: r.sourceEngine,
      tables: m.tables,
      options: MigrationOptions.parse(m.options),
      createdAt: m.createdAt.toISOString(),
      createdBy: r.createdBy,
      lastRun: last
        ? {
            id: last.id,
            status: last.status,
            createdAt: last.createdAt.toISOString(),
            verified: last.verified,
          }
        : null,
    };
  });
}

export const listMigrations = () => views();

export async function getMigration(id: string): Promise<MigrationView> {
  const [view] = await views(eq(migrations.id, id));
  if (!view) throw notFound(`Migration ${id}`);
  return view;
}

export async function listMigrationRuns(id: string) {
  await getMigration(id);
  const rows = await db()
    .select({
      id: runs.id,
      status: runs.status,
      createdAt: runs.createdAt,
      finishedAt: runs.finishedAt,
      verified: runs.verified,
      error: runs.error,
      reportOk: reports.ok,
    })
    .from(runs)
    .leftJoin(reports, eq(reports.runId, runs.id))
    .where(eq(runs.migrationId, id))
    .orderBy(desc(runs.createdAt));
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

export async function createMigration({
  actor,
  input,
}: {
  actor: SessionUser;
  input: CreateMigrationInput;
}): Promise<MigrationView> {
  const [src] = await db().select().from(connections).where(eq(connections.id, input.sourceId));
  const [tgt] = await db().select().from(connections).where(eq(connections.id, input.targetId));
  if (!src) throw badRequest("unknown_source", "The chosen source connection does not exist.");
  if (!tgt) throw badRequest("unknown_target", "The chosen target connection does not exist.");
  if (tgt.engine !== "postgres")
    throw badRequest(
      "bad_target",
      `"${tgt.name}" is not a PostgreSQL connection; a target must be PostgreSQL.`,
    );
  if (src.id === tgt.id)
    throw badRequest(
      "same_connection",
      "The source and the target are the same connection; choose a different target.",
    );
  const options = MigrationOptions.parse(input.options ?? {});
  const id = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(migrations)
      .values({
        name: input.name,
        sourceId: input.sourceId,
        targetId: input.targetId,
        tables: input.tables ?? null,
        options,
        planHash: planHash({ ...input, tables: input.tables ?? null, options }),
        createdBy: actor.id,
      })
      .returning({ id: migrations.id });
    await ensureChecklist(tx, row!.id);
    await recordAudit(tx, {
      actor,
      action: "migration.create",
      objectType: "migration",
      objectId: row!.id,
      // A script's SQL is the DBA's to read on the migration, not the audit trail's: name and hash only.
      details: {
        name: input.name,
        tables: input.tables ?? "all",
        options: {
          ...options,
          postScripts: options.postScripts.map((s) => ({ name: s.name, sha256: scriptSha256(s) })),
        },
      },
    });
    return row!.id;
  });
  return getMigration(id);
}
