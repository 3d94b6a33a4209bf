import { and, eq, isNotNull, sql } from "drizzle-orm";
import type pg from "pg";
import type { Engine } from "@/contracts/connections";
import { MigrationOptions } from "@/contracts/migrations";
import { tableKey, type Catalog, type CatalogTable } from "@/server/catalog/catalog";
import type { SourceConnector } from "@/server/connectors/connector";
import { db } from "@/server/db/client";
import { connections, migrations, runs, runTables } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/errors";
import { buildPlan, type MigrationPlan } from "@/server/plan/build-plan";
import { resolveScope } from "@/server/plan/resolve-scope";

export type MigrationRow = typeof migrations.$inferSelect;

/** The migration with its options parsed (defaults filled in for options added since it was saved). */
export async function loadMigration(id: string): Promise<{ row: MigrationRow; options: MigrationOptions }> {
  const [row] = await db().select().from(migrations).where(eq(migrations.id, id));
  if (!row) throw notFound(`Migration ${id}`);
  return { row, options: MigrationOptions.parse(row.options) };
}

export type SourcePlan = {
  catalog: Catalog;
  /** The tables the migration copies, as the source describes them. */
  tables: CatalogTable[];
  /** Null when the plan cannot be built; planError says why, in words a DBA acts on. */
  plan: MigrationPlan | null;
  planError: string | null;
};

/** Reads the source's catalog and plans the run exactly as the run would, without writing anything. */
export async function planFromSource(
  source: SourceConnector,
  migration: Pick<MigrationRow, "tables">,
  options: MigrationOptions,
): Promise<SourcePlan> {
  const catalog = await source.introspect(
    source.capabilities.schemaFromPgDump ? undefined : (migration.tables ?? undefined),
  );
  const { tables: chosen } = resolveScope(catalog, migration.tables, options);
  const tables = catalog.tables.filter((t) => chosen.includes(tableKey(t)));
  try {
    const plan = buildPlan(catalog, chosen, options, (d, o) => source.mapType(d, o));
    return { catalog, tables, plan, planError: null };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { catalog, tables, plan: null, planError: err.message };
  }
}

/** The copy rate this installation has seen for a source engine: rows over table copy seconds. */
export async function observedRate(engine: Engine): Promise<{ rowsPerSecond: number; runs: number } | null> {
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

/** Which of these target tables already exist, as "schema.table" (quoted where PostgreSQL would quote). */
export async function existingTargetTables(
  client: pg.Client,
  tables: readonly { schema: string; target: string }[],
): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT format('%I.%I', s, t) AS name FROM unnest($1::text[], $2::text[]) AS x(s, t) WHERE to_regclass(format('%I.%I', s, t)) IS NOT NULL",
    [tables.map((t) => t.schema), tables.map((t) => t.target)],
  );
  return rows.map((r) => r.name);
}

/** "a, b, c, …": the first few names of a list, for evidence and messages. */
export const firstFew = (names: readonly string[], n = 5): string =>
  `${names.slice(0, n).join(", ")}${names.length > n ? `, … (${names.length} in all)` : ""}`;
