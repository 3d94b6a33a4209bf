import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Engine } from "@/contracts/connections";
import { type DryRunResult, MigrationOptions } from "@/contracts/migrations";
import { tableKey } from "@/server/catalog/catalog";
import { loadConnection } from "@/server/connections/load-connection";
import { openSource } from "@/server/connections/open-source";
import { connectPg } from "@/server/connectors/postgres/connect";
import { db } from "@/server/db/client";
import { connections, migrations, runs, runTables } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/errors";
import { buildPlan } from "@/server/plan/build-plan";
import { resolveScope } from "@/server/plan/resolve-scope";
import { REJECT_CAP } from "@/server/runs/reject-rows";

/**
 * Everything a run would decide before it writes — tables, rows, bytes, types, predicted rejects, what
 * would stop it — read from the source and the target without writing to either.
 */
export async function dryRun(migrationId: string): Promise<DryRunResult> {
  const [migration] = await db().select().from(migrations).where(eq(migrations.id, migrationId));
  if (!migration) throw notFound(`Migration ${migrationId}`);
  const options = MigrationOptions.parse(migration.options);
  const [src, tgt] = await Promise.all([
    loadConnection(migration.sourceId),
    loadConnection(migration.targetId),
  ]);
  const blockers: string[] = [];
  const warnings: string[] = [];
  const source = await openSource(src);
  try {
    const catalog = await source.introspect(
      source.capabilities.schemaFromPgDump ? undefined : (migration.tables ?? undefined),
    );
    const { tables: chosen } = resolveScope(catalog, migration.tables, options);
    let plan;
    try {
      plan = buildPlan(catalog, chosen, options, (d, o) => source.mapType(d, o));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return empty(migrationId, [err.message]);
    }
    warnings.push(...plan.skippedForeignKeys.map((fk) => `Foreign key ${fk} is left out.`));
    const rate = await observedRate(src.engine);
    const tables = [];
    for (const t of plan.tables) {
      const name = tableKey(t.source);
      const rejects = source.findRejects
        ? await source.findRejects(
            t.source,
            t.columns.map((c) => ({ name: c.source, kind: c.kind })),
            REJECT_CAP,
          )
        : [];
      const rejectedRows = new Set(rejects.map((r) => r.key)).size;
      if (rejectedRows > REJECT_CAP)
        blockers.push(
          `Table "${name}": more than ${REJECT_CAP} rows cannot land as planned; choose another type for the column(s) ${[...new Set(rejects.map((r) => r.column))].join(", ")}.`,
        );
      const notes = [];
      if (!t.primaryKey) notes.push("no primary key: verified with an order-independent checksum");
      if (t.identity) notes.push(`identity on ${t.identity}, continued past the largest value`);
      tables.push({
        name,
        targetName: `${t.schema}.${t.target}`,
        rows: t.rowCount,
        bytes: source.estimateBytes ? await source.estimateBytes(t.source) : null,
        estimatedSeconds: rate ? t.rowCount / rate.rowsPerSecond : null,
        columns: t.columns.map((c, i) => ({
          name: c.source,
          declaredType: t.source.columns[i]?.declaredType ?? "",
          pgType: c.pgType,
          chosen: options.columnTypes[name]?.[c.source] !== undefined,
        })),
        predictedRejects: Math.min(rejectedRows, REJECT_CAP),
        rejectExamples: rejects.slice(0, 3).map((r) => `column "${r.column}": ${r.reason} (${r.value})`),
        notes,
      });
    }
    if (tgt.engine !== "postgres") blockers.push(`The target "${tgt.name}" is not PostgreSQL.`);
    else
      blockers.push(
        ...(await targetBlockers(tgt.settings, plan.tables, options, source.capabilities.schemaFromPgDump)),
      );
    const bytes = tables.every((t) => t.bytes !== null) ? tables.reduce((n, t) => n + t.bytes!, 0) : null;
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    return {
      migrationId,
      tables,
      totals: {
        rows,
        bytes,
        estimatedSeconds: rate ? rows / rate.rowsPerSecond : null,
        predictedRejects: tables.reduce((n, t) => n + t.predictedRejects, 0),
      },
      rateBasis: rate
        ? `${Math.round(rate.rowsPerSecond).toLocaleString("en")} rows/s, the copy rate of ${rate.runs} earlier ${src.engine} run(s) on this installation`
        : `No earlier ${src.engine} run on this installation to estimate time from; run a small migration first.`,
      blockers,
      warnings,
    };
  } finally {
    await source.close();
  }
}

function empty(migrationId: string, blockers: string[]): DryRunResult {
  return {
    migrationId,
    tables: [],
    totals: { rows: 0, bytes: null, estimatedSeconds: null, predictedRejects: 0 },
    rateBasis: "",
    blockers,
    warnings: [],
  };
}

/** The copy rate this installation has seen for a source engine: rows over table copy seconds. */
async function observedRate(engine: Engine): Promise<{ rowsPerSecond: number; runs: number } | null> {
  const [row] = await db()
    .select({
      rows: sql<number>`coalesce(sum(${runTables.rowsDone}), 0)::float8`,
      seconds: sql<number>`coalesce(sum(extract(epoch FROM ${runTables.finishedAt} - ${runTables.startedAt})), 0)::float8`,
      runs: sql<number>`count(DISTINCT ${runs.id})::int`,
    })
    .from(runTables)
    .innerJoin(runs, eq(runs.id, runTables.runId))
    .innerJoin(migrations, eq(migrations.id, runs.migrationId))
    .innerJoin(connections, eq(connections.id, migrations.sourceId))
    .where(
      and(
        eq(connections.engine, engine),
        eq(runs.status, "succeeded"),
        isNotNull(runTables.finishedAt),
        isNotNull(runTables.startedAt),
      ),
    );
  if (!row || row.runs === 0 || row.seconds <= 0 || row.rows <= 0) return null;
  return { rowsPerSecond: row.rows / row.seconds, runs: row.runs };
}

async function targetBlockers(
  settings: Parameters<typeof connectPg>[0],
  tables: { schema: string; target: string }[],
  options: MigrationOptions,
  pgSource: boolean,
): Promise<string[]> {
  let client;
  try {
    client = await connectPg(settings, "ferry-dry-run");
  } catch (err) {
    return [(err as Error).message];
  }
  try {
    if (options.ifTargetExists === "recreate" && !pgSource) return [];
    const { rows } = await client.query<{ name: string }>(
      "SELECT format('%I.%I', s, t) AS name FROM unnest($1::text[], $2::text[]) AS x(s, t) WHERE to_regclass(format('%I.%I', s, t)) IS NOT NULL",
      [tables.map((t) => t.schema), tables.map((t) => t.target)],
    );
    return rows.length
      ? [
          `The target already has ${rows.length} of these tables (${rows
            .slice(0, 5)
            .map((r) => r.name)
            .join(", ")}${rows.length > 5 ? ", …" : ""}); the run would stop before writing.`,
        ]
      : [];
  } finally {
    await client.end().catch(() => undefined);
  }
}
