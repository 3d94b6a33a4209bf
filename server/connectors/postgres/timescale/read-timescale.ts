import type pg from "pg";

/** One partitioning dimension of a hypertable, as create_hypertable/add_dimension take it. */
export type TsDimension = {
  column: string;
  /** format_type of the column: integer types take an integer interval, time types an interval. */
  type: string;
  /** Range dimensions: the chunk interval ("1 day", or an integer for integer time). */
  interval: string | null;
  /** Hash (space) dimensions: the number of partitions. */
  partitions: number | null;
  /** A partitioning function other than TimescaleDB's default, schema-qualified. */
  partitionFunc: string | null;
  integerNowFunc: string | null;
};

/** ALTER TABLE … SET (timescaledb.compress, …): what the columnstore was configured with. */
export type TsCompression = {
  segmentby: string;
  orderby: string;
  chunkInterval: string | null;
  /** Sparse indexes the user configured (source "config"); defaults are derived again by TimescaleDB. */
  configuredIndexes: string | null;
  /** Every sparse index, configured or derived, for comparison. */
  indexes: string;
};

export type TsHypertable = {
  /** format('%I.%I'): how pg_dump and SQL name it. */
  name: string;
  dimensions: TsDimension[];
  compression: TsCompression | null;
};

export type TsContinuousAggregate = {
  name: string;
  /** The hypertable or continuous aggregate it reads, by its user-facing name. */
  base: string;
  materializedOnly: boolean;
  definition: string;
  /** The materialization hypertable's chunk interval. */
  chunkInterval: string | null;
  /** Type of the bucket column: the refresh window and policy offsets are of this type. */
  timeType: string;
  /** How far it is materialized, in TimescaleDB's internal units; null when never refreshed. */
  watermark: string | null;
  compression: TsCompression | null;
  /** CREATE INDEX statements the user added, written against the view's name. */
  indexes: string[];
};

export type TsJob = {
  kind: "compression" | "retention" | "refresh" | "reorder" | "custom";
  /** The hypertable or continuous aggregate the job works on, by user-facing name. */
  relation: string | null;
  proc: string;
  check: string | null;
  scheduleInterval: string;
  maxRuntime: string;
  maxRetries: number;
  retryPeriod: string;
  scheduled: boolean;
  fixedSchedule: boolean;
  initialStart: string | null;
  timezone: string | null;
  /** The job's config without TimescaleDB's internal ids, which differ between databases. */
  config: Record<string, unknown> | null;
};

export type TsChunk = {
  relation: string;
  chunk: string;
  /** The chunk's CHECK constraints: its ranges on every dimension, the same text on both sides. */
  bounds: string;
  compressed: boolean;
};

export type Timescale = {
  version: string;
  /** The schema the extension lives in (its functions are called qualified: pg_dump clears search_path). */
  schema: string;
  hypertables: TsHypertable[];
  caggs: TsContinuousAggregate[];
  jobs: TsJob[];
  chunks: TsChunk[];
  /** Schemas TimescaleDB owns: pg_dump leaves them out, CREATE EXTENSION makes them. */
  internalSchemas: string[];
  /**
   * Relations the schema restore must leave out besides the internal schemas: the continuous aggregates'
   * views (they read internal tables; Ferry recreates them) and chunks living outside the internal schemas.
   */
  restoreExcludes: { schema: string; name: string }[];
};

const ID_KEYS = ["hypertable_id", "mat_hypertable_id"];
const POLICY: Record<string, TsJob["kind"]> = {
  policy_compression: "compression",
  policy_retention: "retention",
  policy_refresh_continuous_aggregate: "refresh",
  policy_reorder: "reorder",
};
const INTERNAL_PROC_SCHEMAS = new Set(["_timescaledb_functions", "_timescaledb_internal"]);

/** TimescaleDB's version in this database, or null when the extension is not installed. */
export async function timescaleVersion(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{ v: string }>(
    "SELECT extversion AS v FROM pg_extension WHERE extname = 'timescaledb'",
  );
  return rows[0]?.v ?? null;
}

/**
 * Everything TimescaleDB keeps outside pg_dump's reach: hypertables with their dimensions, compression
 * settings, continuous aggregates, jobs and which chunks are compressed. Read with search_path = pg_catalog
 * and TimeZone = UTC, so names come schema-qualified and texts compare equal across servers.
 */
export async function readTimescale(client: pg.Client): Promise<Timescale | null> {
  const ext = await client.query<{ version: string; schema: string }>(
    "SELECT e.extversion AS version, n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'timescaledb'",
  );
  if (!ext.rows[0]) return null;
  const saved = (
    await client.query<{ sp: string; tz: string }>(
      "SELECT current_setting('search_path') AS sp, current_setting('TimeZone') AS tz",
    )
  ).rows[0]!;
  await client.query(
    "SELECT set_config('search_path', 'pg_catalog', false), set_config('TimeZone', 'UTC', false)",
  );
  try {
    return { ...ext.rows[0], ...(await readObjects(client)) };
  } finally {
    await client.query("SELECT set_config('search_path', $1, false), set_config('TimeZone', $2, false)", [
      saved.sp,
      saved.tz,
    ]);
  }
}

async function readObjects(client: pg.Client): Promise<Omit<Timescale, "version" | "schema">> {
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
  const caggRows = await q<{
    name: string;
    raw: string;
    mat: string;
    materialized_only: boolean;
    definition: string;
    compression_enabled: boolean;
    watermark: string | null;
  }>(`SELECT format('%I.%I', view_schema, view_name) AS name, format('%I.%I', hypertable_schema, hypertable_name) AS raw,
             format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS mat,
             materialized_only, view_definition AS definition, compression_enabled,
             (SELECT w.watermark::text FROM _timescaledb_catalog.continuous_aggs_watermark w
                JOIN _timescaledb_catalog.hypertable h ON h.id = w.mat_hypertable_id
               WHERE h.schema_name = materialization_hypertable_schema AND h.table_name = materialization_hypertable_name) AS watermark
        FROM timescaledb_information.continuous_aggregates`);
  // A materialization hypertable is internal; users know it by its continuous aggregate's name.
  const userName = new Map(caggRows.map((c) => [c.mat, c.name]));
  const named = (rel: string | null) => (rel ? (userName.get(rel) ?? rel) : null);

  const dims = await q<{
    rel: string;
    column: string;
    type: string;
    interval: string | null;
    partitions: number | null;
    pfunc: string | null;
    nowfunc: string | null;
  }>(`SELECT format('%I.%I', h.schema_name, h.table_name) AS rel, d.column_name AS column, format_type(d.column_type, NULL) AS type,
             CASE WHEN d.num_slices IS NOT NULL THEN NULL
                  WHEN d.column_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN d.interval_length::text
                  ELSE _timescaledb_functions.to_interval(d.interval_length)::text END AS interval,
             d.num_slices::int AS partitions,
             CASE WHEN d.partitioning_func IS NULL OR (d.partitioning_func_schema = '_timescaledb_functions' AND d.partitioning_func = 'get_partition_hash')
                  THEN NULL ELSE format('%I.%I', d.partitioning_func_schema, d.partitioning_func) END AS pfunc,
             CASE WHEN d.integer_now_func IS NULL THEN NULL ELSE format('%I.%I', d.integer_now_func_schema, d.integer_now_func) END AS nowfunc
        FROM _timescaledb_catalog.dimension d JOIN _timescaledb_catalog.hypertable h ON h.id = d.hypertable_id
       ORDER BY d.hypertable_id, d.id`);
  const dimensionsOf = (rel: string): TsDimension[] =>
    dims
      .filter((d) => d.rel === rel)
      .map((d) => ({
        column: d.column,
        type: d.type,
        interval: d.interval,
        partitions: d.partitions,
        partitionFunc: d.pfunc,
        integerNowFunc: d.nowfunc,
      }));

  const settings = await q<{ rel: string; s: Record<string, unknown> }>(
    `SELECT s.hypertable::text AS rel, to_jsonb(s) AS s FROM timescaledb_information.hypertable_compression_settings s`,
  );
  const compressionOf = (rel: string): TsCompression | null => {
    const s = settings.find((x) => x.rel === rel)?.s;
    if (!s) return null;
    const indexes = (Array.isArray(s.index) ? s.index : []) as {
      type: string;
      column: string | string[];
      source: string;
    }[];
    const configured = indexes
      .filter((i) => i.source === "config")
      .map((i) => `${i.type}(${[i.column].flat().join(", ")})`);
    return {
      segmentby: (s.segmentby as string | null) ?? "",
      orderby: (s.orderby as string | null) ?? "",
      chunkInterval: (s.compress_interval_length as string | null) ?? null,
      configuredIndexes: configured.length ? configured.join(", ") : null,
      indexes: JSON.stringify(s.index ?? null),
    };
  };

  const hypertables = await q<{ name: string; compression_enabled: boolean }>(
    `SELECT format('%I.%I', hypertable_schema, hypertable_name) AS name, compression_enabled
       FROM timescaledb_information.hypertables ORDER BY 1`,
  );
  const matIndexes = await q<{ mat: string; name: string; def: string }>(
    `SELECT format('%I.%I', h.schema_name, h.table_name) AS mat, c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM _timescaledb_catalog.continuous_agg ca JOIN _timescaledb_catalog.hypertable h ON h.id = ca.mat_hypertable_id
       JOIN pg_index i ON i.indrelid = format('%I.%I', h.schema_name, h.table_name)::regclass
       JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname NOT LIKE h.table_name || '%' ORDER BY 2`,
  );

  const jobs = await q<{
    proc_schema: string;
    proc_name: string;
    proc: string;
    check: string | null;
    rel: string | null;
    schedule_interval: string;
    max_runtime: string;
    max_retries: number;
    retry_period: string;
    scheduled: boolean;
    fixed_schedule: boolean;
    initial_start: string | null;
    timezone: string | null;
    config: Record<string, unknown> | null;
  }>(`SELECT j.proc_schema, j.proc_name, format('%I.%I', j.proc_schema, j.proc_name) AS proc,
             CASE WHEN j.check_name IS NULL THEN NULL ELSE format('%I.%I', j.check_schema, j.check_name) END AS check,
             CASE WHEN j.hypertable_name IS NULL THEN NULL ELSE format('%I.%I', j.hypertable_schema, j.hypertable_name) END AS rel,
             j.schedule_interval::text, j.max_runtime::text, j.max_retries, j.retry_period::text, j.scheduled, j.fixed_schedule,
             j.initial_start::text, to_jsonb(j) ->> 'timezone' AS timezone, j.config
        FROM timescaledb_information.jobs j ORDER BY j.job_id`);

  const chunks = await q<{ rel: string; chunk: string; bounds: string; compressed: boolean }>(
    `SELECT format('%I.%I', ch.hypertable_schema, ch.hypertable_name) AS rel, format('%I.%I', ch.chunk_schema, ch.chunk_name) AS chunk,
            coalesce((SELECT string_agg(pg_get_constraintdef(k.oid), ' AND ' ORDER BY pg_get_constraintdef(k.oid))
                        FROM pg_constraint k WHERE k.conrelid = format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass AND k.contype = 'c'), '') AS bounds,
            ch.is_compressed AS compressed
       FROM timescaledb_information.chunks ch ORDER BY 1, 3`,
  );
  const excluded = await q<{ schema: string; name: string }>(
    `SELECT view_schema::text AS schema, view_name::text AS name FROM timescaledb_information.continuous_aggregates
     UNION ALL
     SELECT chunk_schema::text, chunk_name::text
       FROM timescaledb_information.chunks WHERE chunk_schema NOT LIKE '\\_timescaledb%'`,
  );
  const internalSchemas = await q<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '\\_timescaledb%' OR nspname LIKE 'timescaledb\\_%' ORDER BY 1`,
  );

  return {
    hypertables: hypertables.map((h) => ({
      name: h.name,
      dimensions: dimensionsOf(h.name),
      compression: h.compression_enabled ? compressionOf(h.name) : null,
    })),
    caggs: caggRows.map((c) => {
      const primary = dimensionsOf(c.mat)[0];
      return {
        name: c.name,
        base: named(c.raw)!,
        materializedOnly: c.materialized_only,
        definition: c.definition,
        chunkInterval: primary?.interval ?? null,
        timeType: primary?.type ?? "timestamp with time zone",
        watermark: c.watermark,
        compression: c.compression_enabled ? compressionOf(c.mat) : null,
        indexes: matIndexes
          .filter((i) => i.mat === c.mat)
          .map((i) => i.def.replace(` ON ${c.mat} USING `, ` ON ${c.name} USING `)),
      };
    }),
    jobs: jobs
      .filter((j) => POLICY[j.proc_name] || !INTERNAL_PROC_SCHEMAS.has(j.proc_schema))
      .map((j) => ({
        kind: POLICY[j.proc_name] ?? "custom",
        relation: named(j.rel),
        proc: j.proc,
        check: j.check,
        scheduleInterval: j.schedule_interval,
        maxRuntime: j.max_runtime,
        maxRetries: j.max_retries,
        retryPeriod: j.retry_period,
        scheduled: j.scheduled,
        fixedSchedule: j.fixed_schedule,
        initialStart: j.initial_start,
        timezone: j.timezone,
        config: j.config
          ? Object.fromEntries(Object.entries(j.config).filter(([k]) => !ID_KEYS.includes(k)))
          : null,
      })),
    chunks: chunks.map((c) => ({
      relation: named(c.rel)!,
      chunk: c.chunk,
      bounds: c.bounds,
      compressed: c.compressed,
    })),
    internalSchemas: internalSchemas.map((s) => s.name),
    restoreExcludes: excluded,
  };
}

/** Hypertables and chunks by "schema\0name": a plan copies a hypertable through its root, never its chunks. */
export async function timescaleRelations(
  client: pg.Client,
): Promise<{ hypertables: Set<string>; chunks: Set<string> }> {
  const out = { hypertables: new Set<string>(), chunks: new Set<string>() };
  if (!(await timescaleVersion(client))) return out;
  const { rows } = await client.query<{ s: string; n: string; k: string }>(
    `SELECT hypertable_schema AS s, hypertable_name AS n, 'h' AS k FROM timescaledb_information.hypertables
     UNION ALL SELECT chunk_schema, chunk_name, 'c' FROM timescaledb_information.chunks`,
  );
  for (const r of rows) (r.k === "h" ? out.hypertables : out.chunks).add(`${r.s}\0${r.n}`);
  return out;
}
