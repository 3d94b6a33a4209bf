import type pg from "pg";
import type { Catalog, CatalogTable } from "@/server/catalog/catalog";
import { inGroups } from "@/server/util/in-groups";
import { timescaleRelations } from "./timescale/read-timescale";

/** Below this many rows a table is always counted: a count is cheap there and an estimate is coarse. */
const ESTIMATE_FROM_ROWS = 100_000;
/** An estimate is fresh while fewer than this share of the rows (or 1,000) changed since ANALYZE. */
const FRESH_CHANGED_SHARE = 0.01;

type ColumnRow = {
  schema: string;
  table: string;
  column: string;
  type: string;
  notnull: boolean;
  position: number;
  builtin: boolean;
};

/**
 * The tables whose rows move: ordinary tables and leaf partitions (a partitioned parent holds no rows of
 * its own), with their copyable columns (generated columns are recomputed by the target, as pg_dump does).
 */
export async function introspectPostgres(
  client: pg.Client,
  opts: { schemas?: readonly string[] } = {},
): Promise<Catalog> {
  const schemaFilter = opts.schemas?.length ? "AND n.nspname = ANY($1::text[])" : "";
  const params = opts.schemas?.length ? [opts.schemas] : [];
  const nsFilter = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT LIKE '\\_timescaledb%' AND n.nspname NOT IN ('timescaledb_information', 'timescaledb_experimental', 'timescaledb_config') ${schemaFilter}`;
  const notExtension = `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;
  const tables = await client.query<{
    oid: number;
    schema: string;
    name: string;
    estimate: string;
    size: string;
    fresh: boolean;
    pk: string[] | null;
  }>(
    // "fresh": PostgreSQL's estimate was taken by ANALYZE or VACUUM and few rows changed since (stats views
    // read current counters, not the snapshot: a table written to since then is counted).
    `SELECT c.oid, n.nspname AS schema, c.relname AS name, greatest(c.reltuples, 0)::bigint::text AS estimate,
            pg_table_size(c.oid)::text AS size,
            coalesce(c.reltuples >= 0
              AND coalesce(s.last_analyze, s.last_autoanalyze, s.last_vacuum, s.last_autovacuum) IS NOT NULL
              AND s.n_mod_since_analyze <= greatest(1000, c.reltuples * ${FRESH_CHANGED_SHARE}), false) AS fresh,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM pg_index i
               CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
      WHERE c.relkind = 'r' AND ${nsFilter} AND ${notExtension}
      ORDER BY n.nspname, c.relname`,
    params,
  );
  const columns = await client.query<ColumnRow>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, a.attnum AS position,
            coalesce(nullif(ty.typbasetype, 0), a.atttypid) < 16384 AS builtin
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type ty ON ty.oid = a.atttypid
      WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND ${nsFilter}
      ORDER BY a.attnum`,
    params,
  );
  // TimescaleDB's chunks normally live in its internal schemas (filtered above); a hypertable may put them elsewhere.
  const timescale = await timescaleRelations(client);
  const byTable = new Map<string, ColumnRow[]>();
  for (const c of columns.rows) {
    const key = `${c.schema}\0${c.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), c]);
  }
  return {
    tables: tables.rows
      .filter((t) => !timescale.chunks.has(`${t.schema}\0${t.name}`))
      .map((t): CatalogTable => ({
        schema: t.schema,
        name: t.name,
        columns: (byTable.get(`${t.schema}\0${t.name}`) ?? []).map((c) => ({
          name: c.column,
          declaredType: c.type,
          nullable: !c.notnull,
          position: c.position,
        })),
        primaryKey: t.pk,
        autoKey: null,
        foreignKeys: [],
        indexes: [],
        rowCount: Number(t.estimate),
        sizeBytes: Number(t.size),
        freshEstimate: t.fresh,
        builtinTypes: (byTable.get(`${t.schema}\0${t.name}`) ?? []).every((c) => c.builtin),
        ...(timescale.hypertables.has(`${t.schema}\0${t.name}`) ? { hypertable: true } : {}),
      })),
  };
}

/** Tables counted by one statement at most. */
const COUNT_GROUP = 100;

/**
 * Exact counts, for the wizard and the plan: estimates mislead a DBA on a freshly loaded table. Up to
 * COUNT_GROUP tables in one statement, so a schema of thousands of small tables is not thousands of round trips.
 */
export async function countTables(client: pg.Client, tables: CatalogTable[]): Promise<void> {
  for (const group of inGroups(tables, COUNT_GROUP)) {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT ${group.map((t, k) => `(SELECT count(*) FROM ${quote(t.schema!)}.${quote(t.name)})::text AS n${k}`).join(", ")}`,
    );
    group.forEach((t, k) => {
      t.rowCount = Number(rows[0]![`n${k}`]);
      t.rowCountEstimated = false;
    });
  }
}

/** Counting takes the largest tables one at a time (two sessions share them) and small ones together. */
const SMALL_TO_COUNT_BYTES = 8 * 1024 * 1024;

/** The next tables one counting session takes from `queue` (largest first): one large table, or small ones. */
export function nextToCount(queue: CatalogTable[]): CatalogTable[] {
  const small = (t: CatalogTable) => (t.sizeBytes ?? Infinity) <= SMALL_TO_COUNT_BYTES;
  const first = queue.shift();
  if (!first) return [];
  const taken = [first];
  while (small(first) && taken.length < COUNT_GROUP && queue.length && small(queue[0]!))
    taken.push(queue.shift()!);
  return taken;
}

/**
 * Whether a run may plan with PostgreSQL's estimate instead of counting: only a large table (counting it is a
 * full scan that competes with the copy for the same cores) whose statistics are fresh, and never a hypertable
 * (its parent's statistics do not hold its chunks' rows). The copy itself counts every row it moves.
 */
export const plansWithEstimate = (t: CatalogTable) =>
  t.freshEstimate === true && !t.hypertable && t.rowCount >= ESTIMATE_FROM_ROWS;

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
