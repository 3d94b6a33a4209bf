import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import type { RunSnapshot } from "@/contracts/runs";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { call, signIn } from "../setup/api";
import { withClient } from "../setup/databases";
import { createConnection, migrateAndWait } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// The second cluster from pg-extensions/install.sh preloads TimescaleDB 2.28.3 and has pgvector.
const TSDB = "postgres://postgres@127.0.0.1:5433";
const SOURCE = "ferry_ts_source";
const TARGET = "ferry_ts_target";

// Chunk ranges, compression and policies all hang on fixed 2024 timestamps; the policies' thresholds
// (10 and 20 years) keep the background jobs from compressing or dropping anything while the test runs.
const SOURCE_SQL = `
CREATE EXTENSION timescaledb; CREATE EXTENSION vector;
CREATE TABLE devices (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO devices SELECT g, 'device ' || g FROM generate_series(1, 8) g;
CREATE TABLE conditions (
  time timestamptz NOT NULL,
  device_id int NOT NULL REFERENCES devices(id),
  temperature double precision,
  humidity numeric(5, 2)
);
SELECT create_hypertable('conditions', by_range('time', INTERVAL '1 day'));
SELECT add_dimension('conditions', by_hash('device_id', 2));
CREATE INDEX conditions_device_time ON conditions (device_id, time DESC);
INSERT INTO conditions
SELECT '2024-01-01'::timestamptz + g * interval '3 minutes', 1 + g % 8, 20 + (g % 97) / 7.0, 40 + (g % 300) / 10.0
  FROM generate_series(0, 19999) g;
ALTER TABLE conditions SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id',
                            timescaledb.compress_orderby = 'time DESC');
SELECT compress_chunk(c) FROM show_chunks('conditions', older_than => '2024-01-10'::timestamptz) c;
SELECT add_compression_policy('conditions', INTERVAL '10 years');
SELECT add_retention_policy('conditions', INTERVAL '20 years');
CREATE MATERIALIZED VIEW conditions_hourly WITH (timescaledb.continuous) AS
  SELECT time_bucket('1 hour', time) AS bucket, device_id, avg(temperature) AS avg_temp, max(humidity) AS max_humidity, count(*) AS n
    FROM conditions GROUP BY bucket, device_id WITH NO DATA;
CREATE INDEX conditions_hourly_device ON conditions_hourly (device_id, bucket);
CALL refresh_continuous_aggregate('conditions_hourly', NULL, '2024-02-01');
SELECT add_continuous_aggregate_policy('conditions_hourly', start_offset => INTERVAL '30 days',
  end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '2 hours');
ALTER MATERIALIZED VIEW conditions_hourly SET (timescaledb.compress = true);
SELECT compress_chunk(c) FROM show_chunks('conditions_hourly', older_than => '2024-01-15'::timestamptz) c;
SELECT add_compression_policy('conditions_hourly', compress_after => INTERVAL '10 years');
CREATE MATERIALIZED VIEW conditions_daily WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket('1 day', bucket) AS day, device_id, sum(n) AS n, max(max_humidity) AS max_humidity
    FROM conditions_hourly GROUP BY day, device_id WITH NO DATA;
CALL refresh_continuous_aggregate('conditions_daily', NULL, NULL);
CREATE TABLE metrics (ts timestamptz NOT NULL, host text NOT NULL, v double precision, PRIMARY KEY (ts, host));
SELECT create_hypertable('metrics', by_range('ts', INTERVAL '7 days'));
INSERT INTO metrics SELECT '2024-01-01'::timestamptz + g * interval '1 hour', 'h' || g % 3, g FROM generate_series(1, 3000) g;
CREATE FUNCTION unix_now() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT extract(epoch FROM now())::bigint $$;
CREATE TABLE readings (t bigint NOT NULL, sensor text NOT NULL, value real);
SELECT create_hypertable('readings', by_range('t', 86400));
SELECT set_integer_now_func('readings', 'unix_now');
SELECT add_retention_policy('readings', drop_after => 630720000::bigint);
INSERT INTO readings SELECT 1704067200 + g * 600, 's' || g % 5, g / 4.0 FROM generate_series(1, 1500) g;
CREATE TABLE docs (id bigserial PRIMARY KEY, device_id int REFERENCES devices(id), embedding vector(3));
CREATE INDEX docs_embedding_hnsw ON docs USING hnsw (embedding vector_l2_ops);
INSERT INTO docs (device_id, embedding) SELECT 1 + g % 8, ARRAY[g, g / 2.0, 1]::vector FROM generate_series(1, 500) g;
`;

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;

async function recreate(name: string): Promise<string> {
  await withClient(`${TSDB}/postgres`, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
  return `${TSDB}/${name}`;
}

async function dropDatabase(name: string): Promise<void> {
  await withClient(`${TSDB}/postgres`, (c) =>
    c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

const connection = (name: string, url: string): Promise<string> =>
  createConnection(cookie, { name, engine: "postgres", url: `${url}?sslmode=disable` });

const run = (sourceId: string, targetId: string): Promise<RunSnapshot> =>
  migrateAndWait(
    cookie,
    { name: `tsdb ${Date.now()}`, sourceId, targetId },
    { timeoutMs: 120_000, intervalMs: 250, output: worker.output },
  );

/** The same query on both sides, for comparing what a DBA would look at. */
async function both<T>(sql: string): Promise<[T[], T[]]> {
  const read = (db: string) => withClient(`${TSDB}/${db}`, async (c) => (await c.query(sql)).rows as T[]);
  return Promise.all([read(SOURCE), read(TARGET)]);
}

beforeAll(async () => {
  cookie = await signIn("dba");
  // One statement at a time: refresh_continuous_aggregate refuses the implicit transaction of a multi-statement query.
  await withClient(await recreate(SOURCE), async (c) => {
    for (const statement of SOURCE_SQL.split(/;\s*\n/).filter((s) => s.trim())) await c.query(statement);
  });
  await recreate(TARGET);
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await dropDatabase(SOURCE);
  await dropDatabase(TARGET);
});

describe("TimescaleDB → TimescaleDB", () => {
  it("plans hypertables through their root table, never their chunks or TimescaleDB's internal tables", async () => {
    const id = await connection("tsdb source probe", `${TSDB}/${SOURCE}`);
    const tables = (await (await call(tablesRoute, { cookie, params: { connectionId: id } })).json()) as {
      schema: string;
      name: string;
      rowCount: number;
    }[];
    expect(tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual([
      "public.conditions",
      "public.devices",
      "public.docs",
      "public.metrics",
      "public.readings",
    ]);
    expect(tables.find((t) => t.name === "conditions")?.rowCount).toBe(20_000);
  });

  it("rebuilds hypertables, compression, continuous aggregates and policies, and the report proves it", async () => {
    const started = performance.now();
    const snap = await run(
      await connection("tsdb source", `${TSDB}/${SOURCE}`),
      await connection("tsdb target", `${TSDB}/${TARGET}`),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(snap.error, JSON.stringify(snap.log)).toBeNull();
    expect(snap.status).toBe("succeeded");
    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: snap.id } })).json(),
    );
    expect(report.ok, JSON.stringify(report.checks.filter((c) => !c.ok))).toBe(true);
    for (const t of report.tables) {
      expect(t.match, t.name).toBe(true);
      expect(t.sourceChecksum, t.name).toBe(t.targetChecksum);
    }
    expect(report.tables.find((t) => t.name === "public.conditions")).toMatchObject({
      sourceRows: 20_000,
      targetRows: 20_000,
    });
    expect(report.tables.find((t) => t.name === "public.metrics")?.targetRows).toBe(3000);
    const checks = new Map(report.checks.map((c) => [c.name, c]));
    for (const name of [
      "timescaledb: version",
      "timescaledb: hypertables and dimensions",
      "timescaledb: compression settings",
      "timescaledb: continuous aggregates",
      "timescaledb: continuous aggregate contents",
      "timescaledb: policies and jobs",
      "timescaledb: compressed chunks",
      "objects: hypertables",
      "objects: views",
      "objects: indexes",
    ])
      expect(checks.get(name)?.ok, `${name}: ${checks.get(name)?.detail}`).toBe(true);
    expect(checks.get("timescaledb: version")?.detail).toBe(
      "TimescaleDB 2.28.3 in the source, 2.28.3 in the target",
    );
    expect(checks.get("timescaledb: hypertables and dimensions")?.detail).toMatch(
      /public\.conditions \(time range 1 day, device_id hash 2 partition\(s\)\)/,
    );
    const rows = report.tables.reduce((n, t) => n + t.targetRows, 0);
    console.info(
      `[timescale] ${rows} rows in ${report.tables.length} tables migrated and verified in ${seconds.toFixed(1)} s; ${checks.get("timescaledb: compressed chunks")?.detail}`,
    );

    // Same dimensions and chunk intervals, for the user's hypertables and the continuous aggregates' own.
    const [srcDims, tgtDims] = await both(
      `SELECT coalesce(ca.view_name, d.hypertable_name) AS name, d.column_name, d.dimension_type, d.time_interval::text, d.num_partitions
         FROM timescaledb_information.dimensions d
         LEFT JOIN timescaledb_information.continuous_aggregates ca ON ca.materialization_hypertable_name = d.hypertable_name
        ORDER BY 1, d.dimension_number`,
    );
    expect(tgtDims).toEqual(srcDims);
    expect(tgtDims).toContainEqual({
      name: "conditions",
      column_name: "device_id",
      dimension_type: "Space",
      time_interval: null,
      num_partitions: 2,
    });

    // The continuous aggregates, hierarchical one included, answer exactly as in the source.
    for (const view of ["conditions_hourly", "conditions_daily"]) {
      const [src, tgt] = await both(`SELECT * FROM ${view} ORDER BY 1, 2`);
      expect(src.length, view).toBeGreaterThan(0);
      expect(tgt, view).toEqual(src);
    }
    const [srcCaggs, tgtCaggs] = await both(
      `SELECT view_name, hypertable_name IS NOT NULL AS has_base, materialized_only, compression_enabled FROM timescaledb_information.continuous_aggregates ORDER BY 1`,
    );
    expect(tgtCaggs).toEqual(srcCaggs);
    const [, cagIndex] = await both(
      `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'conditions_hourly_device'`,
    );
    expect(cagIndex).toEqual([{ n: 1 }]);

    // Compression settings, and the same chunks compressed.
    const [srcSettings, tgtSettings] = await both(
      `SELECT hypertable::text, segmentby, orderby FROM timescaledb_information.hypertable_compression_settings
        WHERE hypertable::text NOT LIKE '\\_timescaledb%' ORDER BY 1`,
    );
    expect(tgtSettings).toEqual(srcSettings);
    expect(tgtSettings).toContainEqual({
      hypertable: "conditions",
      segmentby: "device_id",
      orderby: '"time" DESC',
    });
    const [srcChunks, tgtChunks] = await both(
      `SELECT hypertable_name, range_start::text, range_end::text, is_compressed FROM timescaledb_information.chunks
        WHERE hypertable_schema = 'public' ORDER BY 1, 2, 4`,
    );
    expect(tgtChunks).toEqual(srcChunks);
    expect(tgtChunks.filter((c) => (c as { is_compressed: boolean }).is_compressed)).toHaveLength(18);

    // Policies with the source's schedules and settings.
    const [srcJobs, tgtJobs] = await both(
      `SELECT j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS relation, j.schedule_interval::text, j.max_runtime::text,
              j.max_retries, j.retry_period::text, j.scheduled, j.config - 'hypertable_id' - 'mat_hypertable_id' AS config
         FROM timescaledb_information.jobs j
         LEFT JOIN timescaledb_information.continuous_aggregates ca ON ca.materialization_hypertable_name = j.hypertable_name
        WHERE j.job_id >= 1000 ORDER BY 1, 2`,
    );
    expect(tgtJobs).toEqual(srcJobs);
    expect(tgtJobs.map((j) => (j as { proc_name: string }).proc_name)).toEqual([
      "policy_compression",
      "policy_compression",
      "policy_refresh_continuous_aggregate",
      "policy_retention",
      "policy_retention",
    ]);

    await withClient(`${TSDB}/${TARGET}`, async (c) => {
      // The hypertable keeps its foreign key (down to every chunk) and takes new rows into new chunks.
      await expect(
        c.query(`INSERT INTO conditions VALUES ('2024-01-05 00:00:01+00', 99, 1, 1)`),
      ).rejects.toThrow(/foreign key/);
      await c.query(`INSERT INTO conditions VALUES ('2025-06-01 00:00:00+00', 1, 21.5, 50)`);
      expect(
        (
          await c.query(
            `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'conditions' AND range_start >= '2025-01-01'`,
          )
        ).rows[0].n,
      ).toBe(1);
      expect(
        (await c.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'docs_embedding_hnsw'`)).rows[0]
          .indexdef,
      ).toMatch(/USING hnsw/);
      expect(
        (await c.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`)).rows[0],
      ).toEqual({
        extversion: "2.28.3",
      });
    });
  });
});
