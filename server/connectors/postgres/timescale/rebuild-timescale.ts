import type pg from "pg";
import type { Timescale, TsCompression, TsContinuousAggregate, TsJob } from "./read-timescale";
import { readTimescale } from "./read-timescale";

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const INTEGER = /^(smallint|integer|bigint)$/;

/** A policy or range value in the time column's own type: integers stay integers, the rest are intervals. */
function timeValue(v: unknown, timeType: string): string {
  if (v === null || v === undefined) return INTEGER.test(timeType) ? `NULL::${timeType}` : "NULL::interval";
  return typeof v === "number" ? `${v}::${timeType}` : `${lit(String(v))}::interval`;
}

const rangeInterval = (interval: string, type: string) =>
  INTEGER.test(type) ? `${interval}::${type}` : `${lit(interval)}::interval`;

/** The extension's schema, quoted where needed: its functions are called qualified. */
const ext = (ts: Timescale) =>
  /^[a-z_][a-z0-9_]*$/.test(ts.schema) ? ts.schema : `"${ts.schema.replaceAll('"', '""')}"`;

/** pg_dump's pre-data for a TimescaleDB source: no internal objects, the source's version, hypertables made. */
export function preDataOptions(ts: Timescale | null) {
  if (!ts) return {};
  return { rewriteLine: pinnedExtensionVersion(ts), after: hypertablesSql(ts) };
}

/** pg_dump's post-data for a TimescaleDB source: no objects on chunks, constraints that reach the chunks. */
export function postDataOptions(ts: Timescale | null) {
  if (!ts) return {};
  return { rewriteLine: withoutOnlyOnHypertables(ts) };
}

/**
 * create_hypertable on the freshly created (empty) tables, with the source's dimensions and chunk
 * intervals, before any row arrives. Default indexes are not made: post-data creates exactly the
 * source's indexes. Runs in pre-data's transaction, after pg_dump has cleared search_path.
 */
export function hypertablesSql(ts: Timescale): string {
  const x = ext(ts);
  const out: string[] = [];
  for (const h of ts.hypertables) {
    const [time, ...others] = h.dimensions;
    if (!time) continue;
    const func = (f: string | null) => (f ? `, ${lit(f)}::regproc` : "");
    out.push(
      `SELECT ${x}.create_hypertable(${lit(h.name)}::regclass, ${x}.by_range(${lit(time.column)}, ${rangeInterval(time.interval!, time.type)}${func(time.partitionFunc)}), create_default_indexes => false);`,
    );
    for (const d of others)
      out.push(
        d.partitions !== null
          ? `SELECT ${x}.add_dimension(${lit(h.name)}::regclass, ${x}.by_hash(${lit(d.column)}, ${d.partitions}${func(d.partitionFunc)}));`
          : `SELECT ${x}.add_dimension(${lit(h.name)}::regclass, ${x}.by_range(${lit(d.column)}, ${rangeInterval(d.interval!, d.type)}${func(d.partitionFunc)}));`,
      );
    if (time.integerNowFunc)
      out.push(
        `SELECT ${x}.set_integer_now_func(${lit(h.name)}::regclass, ${lit(time.integerNowFunc)}::regproc);`,
      );
  }
  return out.join("\n");
}

/**
 * pg_dump writes CREATE EXTENSION without a version, which makes the target's default version: pin the
 * source's, which the version check made sure the target can create.
 */
export function pinnedExtensionVersion(ts: Timescale): (line: string) => string {
  return (line) =>
    /^CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA [^ ;]+;$/.test(line)
      ? line.replace(/;$/, ` VERSION ${lit(ts.version)};`)
      : line;
}

/**
 * pg_dump writes ALTER TABLE ONLY for every constraint; TimescaleDB refuses ONLY on a hypertable (a
 * constraint must reach its chunks), so the post-data section drops the word for hypertables.
 */
export function withoutOnlyOnHypertables(ts: Timescale): (line: string) => string {
  // Names are format('%I.%I'), which quotes exactly where pg_dump does.
  const heads = new Set(ts.hypertables.map((h) => `ALTER TABLE ONLY ${h.name}`));
  return (line) => (heads.has(line) ? line.replace("ALTER TABLE ONLY ", "ALTER TABLE ") : line);
}

export function compressionSql(kind: "TABLE" | "MATERIALIZED VIEW", name: string, c: TsCompression): string {
  const opts = [
    kind === "TABLE" ? "timescaledb.compress" : "timescaledb.compress = true",
    `timescaledb.compress_segmentby = ${lit(c.segmentby)}`,
    `timescaledb.compress_orderby = ${lit(c.orderby)}`,
  ];
  if (c.chunkInterval) opts.push(`timescaledb.compress_chunk_time_interval = ${lit(c.chunkInterval)}`);
  if (c.configuredIndexes) opts.push(`timescaledb.compress_index = ${lit(c.configuredIndexes)}`);
  return `ALTER ${kind} ${name} SET (${opts.join(", ")})`;
}

/** A continuous aggregate reads its base first: order so every base is created and refreshed before. */
export function caggOrder(caggs: TsContinuousAggregate[]): TsContinuousAggregate[] {
  const names = new Set(caggs.map((c) => c.name));
  const done = new Set<string>();
  const out: TsContinuousAggregate[] = [];
  let pending = [...caggs];
  while (pending.length) {
    const ready = pending.filter((c) => !names.has(c.base) || done.has(c.base));
    if (!ready.length)
      throw new Error(`Continuous aggregates form a cycle: ${pending.map((c) => c.name).join(", ")}`);
    for (const c of ready) {
      out.push(c);
      done.add(c.name);
    }
    pending = pending.filter((c) => !done.has(c.name));
  }
  return out;
}

/** The call that recreates a job; it returns the new job's id. Null for jobs TimescaleDB makes itself. */
export function jobSql(job: TsJob, ts: Timescale): string | null {
  const x = ext(ts);
  const cfg = job.config ?? {};
  const rel = job.relation ? `${lit(job.relation)}::regclass` : "NULL";
  const timeType =
    ts.caggs.find((c) => c.name === job.relation)?.timeType ??
    ts.hypertables.find((h) => h.name === job.relation)?.dimensions[0]?.type ??
    "timestamp with time zone";
  const common: [string, string | null, string | null] = [
    `schedule_interval => ${lit(job.scheduleInterval)}::interval`,
    job.initialStart ? `initial_start => ${lit(job.initialStart)}::timestamptz` : null,
    job.timezone ? `timezone => ${lit(job.timezone)}` : null,
  ];
  const args = (...a: (string | null)[]) => a.filter(Boolean).join(", ");
  switch (job.kind) {
    case "compression":
      return `SELECT ${x}.add_compression_policy(${args(
        rel,
        "compress_after" in cfg ? `compress_after => ${timeValue(cfg.compress_after, timeType)}` : null,
        "compress_created_before" in cfg
          ? `compress_created_before => ${timeValue(cfg.compress_created_before, "interval")}`
          : null,
        ...common,
      )}) AS id`;
    case "retention":
      return `SELECT ${x}.add_retention_policy(${args(
        rel,
        "drop_after" in cfg ? `drop_after => ${timeValue(cfg.drop_after, timeType)}` : null,
        "drop_created_before" in cfg
          ? `drop_created_before => ${timeValue(cfg.drop_created_before, "interval")}`
          : null,
        ...common,
      )}) AS id`;
    case "refresh":
      return `SELECT ${x}.add_continuous_aggregate_policy(${args(
        rel,
        `start_offset => ${timeValue(cfg.start_offset, timeType)}`,
        `end_offset => ${timeValue(cfg.end_offset, timeType)}`,
        ...common,
      )}) AS id`;
    case "reorder":
      return `SELECT ${x}.add_reorder_policy(${args(rel, `index_name => ${lit(String(cfg.index_name))}`, common[1], common[2])}) AS id`;
    case "custom":
      return `SELECT ${x}.add_job(${args(
        `${lit(job.proc)}::regproc`,
        common[0],
        job.config ? `config => ${lit(JSON.stringify(job.config))}::jsonb` : null,
        common[1],
        `scheduled => ${job.scheduled}`,
        job.check ? `check_config => ${lit(job.check)}::regproc` : null,
        `fixed_schedule => ${job.fixedSchedule}`,
        common[2],
      )}) AS id`;
  }
}

export type RebuildResult = { caggs: number; refreshed: number; jobs: number; compressedChunks: number };

/**
 * TimescaleDB's half of post-data, in the order it requires: compression settings on the hypertables
 * (after their indexes), continuous aggregates base first (created empty, then refreshed up to where the
 * source had materialized them), then the jobs (a policy needs its settings and its aggregate), then the
 * chunks the source had compressed. Each step skips what an earlier attempt already made.
 */
export async function rebuildTimescale(src: Timescale, target: pg.Client): Promise<RebuildResult> {
  const x = ext(src);
  let tgt = (await readTimescale(target))!;
  const result: RebuildResult = { caggs: 0, refreshed: 0, jobs: 0, compressedChunks: 0 };
  // Each step names itself when it fails, and keeps all or nothing of what it does.
  const step = async (what: string, fn: () => Promise<unknown>, atomic = true) => {
    try {
      if (atomic) await target.query("BEGIN");
      await fn();
      if (atomic) await target.query("COMMIT");
    } catch (err) {
      if (atomic) await target.query("ROLLBACK").catch(() => undefined);
      throw new Error(`TimescaleDB: ${what} failed on the target: ${(err as Error).message}`);
    }
  };

  for (const h of src.hypertables)
    if (h.compression && !tgt.hypertables.find((t) => t.name === h.name)?.compression)
      await step(`compression settings of ${h.name}`, () =>
        target.query(compressionSql("TABLE", h.name, h.compression!)),
      );

  for (const c of caggOrder(src.caggs)) {
    if (!tgt.caggs.some((t) => t.name === c.name)) {
      await step(`creating continuous aggregate ${c.name}`, async () => {
        await target.query(
          `CREATE MATERIALIZED VIEW ${c.name} WITH (timescaledb.continuous, timescaledb.materialized_only = ${c.materializedOnly}) AS ${c.definition.trim().replace(/;$/, "")} WITH NO DATA`,
        );
        const created = (await readTimescale(target))!.caggs.find((t) => t.name === c.name)!;
        if (c.chunkInterval && created.chunkInterval !== c.chunkInterval)
          await target.query(
            `SELECT ${x}.set_chunk_time_interval(${lit(c.name)}::regclass, ${rangeInterval(c.chunkInterval, c.timeType)})`,
          );
        for (const index of c.indexes) await target.query(index);
      });
      result.caggs++;
    }
    // refresh_continuous_aggregate refuses to run inside a transaction block.
    await step(
      `refreshing ${c.name}`,
      async () => {
        if (await refreshToWatermark(target, x, c)) result.refreshed++;
      },
      false,
    );
    if (c.compression && !tgt.caggs.find((t) => t.name === c.name)?.compression)
      await step(`compression settings of ${c.name}`, () =>
        target.query(compressionSql("MATERIALIZED VIEW", c.name, c.compression!)),
      );
  }

  tgt = (await readTimescale(target))!;
  const jobKey = (j: TsJob) => `${j.kind} ${j.relation ?? j.proc}`;
  const existing = new Set(tgt.jobs.map(jobKey));
  for (const job of src.jobs) {
    const sql = jobSql(job, src);
    if (!sql || existing.has(jobKey(job))) continue;
    await step(`the ${job.kind} job on ${job.relation ?? job.proc}`, async () => {
      const id = (await target.query<{ id: number }>(sql)).rows[0]!.id;
      await target.query(
        `SELECT 1 FROM ${x}.alter_job($1, schedule_interval => $2::interval, max_runtime => $3::interval, max_retries => $4,
                retry_period => $5::interval, scheduled => $6, fixed_schedule => $7,
                config => CASE WHEN $8::jsonb IS NULL THEN NULL ELSE (SELECT config FROM timescaledb_information.jobs WHERE job_id = $1) || $8::jsonb END)`,
        [
          id,
          job.scheduleInterval,
          job.maxRuntime,
          job.maxRetries,
          job.retryPeriod,
          job.scheduled,
          job.fixedSchedule,
          job.config ? JSON.stringify(job.config) : null,
        ],
      );
    });
    result.jobs++;
  }

  const compressedInSource = new Set(
    src.chunks.filter((c) => c.compressed).map((c) => `${c.relation} ${c.bounds}`),
  );
  for (const c of tgt.chunks)
    if (!c.compressed && compressedInSource.has(`${c.relation} ${c.bounds}`)) {
      await step(`compressing chunk ${c.chunk} of ${c.relation}`, () =>
        target.query(`SELECT ${x}.compress_chunk(${lit(c.chunk)}::regclass)`),
      );
      result.compressedChunks++;
    }
  return result;
}

/**
 * Refreshes a continuous aggregate up to the source's watermark, not to "now": the target then holds the
 * same materialized buckets as the source (a full refresh would also materialize what the source has not).
 */
async function refreshToWatermark(target: pg.Client, x: string, c: TsContinuousAggregate): Promise<boolean> {
  if (c.watermark === null) return false;
  const { rows } = await target.query<{ current: string; upto: string }>(
    `SELECT w.watermark::text AS current,
            CASE $2 WHEN 'timestamp with time zone' THEN _timescaledb_functions.to_timestamp($3::bigint)::text
                    WHEN 'timestamp without time zone' THEN _timescaledb_functions.to_timestamp_without_timezone($3::bigint)::text
                    WHEN 'date' THEN _timescaledb_functions.to_date($3::bigint)::text
                    ELSE $3::text END AS upto
       FROM _timescaledb_catalog.continuous_agg ca
       JOIN _timescaledb_catalog.continuous_aggs_watermark w ON w.mat_hypertable_id = ca.mat_hypertable_id
      WHERE format('%I.%I', ca.user_view_schema, ca.user_view_name) = $1`,
    [c.name, c.timeType, c.watermark],
  );
  const row = rows[0];
  if (!row || BigInt(row.current) >= BigInt(c.watermark)) return false;
  await target.query(
    `CALL ${x}.refresh_continuous_aggregate(${lit(c.name)}::regclass, NULL, ${lit(row.upto)}::${c.timeType})`,
  );
  return true;
}
