import { describe, expect, it } from "vitest";
import type { Timescale, TsContinuousAggregate, TsJob } from "./read-timescale";
import {
  caggOrder,
  compressionSql,
  hypertablesSql,
  jobSql,
  pinnedExtensionVersion,
  withoutOnlyOnHypertables,
} from "./rebuild-timescale";

const cagg = (name: string, base: string): TsContinuousAggregate => ({
  name,
  base,
  materializedOnly: true,
  definition: "SELECT 1;",
  chunkInterval: "10 days",
  timeType: "timestamp with time zone",
  watermark: null,
  compression: null,
  indexes: [],
});

const job = (over: Partial<TsJob>): TsJob => ({
  kind: "compression",
  relation: "public.conditions",
  proc: "_timescaledb_functions.policy_compression",
  check: null,
  scheduleInterval: "12:00:00",
  maxRuntime: "00:00:00",
  maxRetries: -1,
  retryPeriod: "01:00:00",
  scheduled: true,
  fixedSchedule: false,
  initialStart: null,
  timezone: null,
  config: { compress_after: "30 days" },
  ...over,
});

const TS: Timescale = {
  version: "2.28.3",
  schema: "public",
  hypertables: [
    {
      name: "public.conditions",
      dimensions: [
        {
          column: "time",
          type: "timestamp with time zone",
          interval: "1 day",
          partitions: null,
          partitionFunc: null,
          integerNowFunc: null,
        },
        {
          column: "device_id",
          type: "integer",
          interval: null,
          partitions: 2,
          partitionFunc: null,
          integerNowFunc: null,
        },
      ],
      compression: null,
    },
    {
      name: 'public."Readings"',
      dimensions: [
        {
          column: "t",
          type: "bigint",
          interval: "86400",
          partitions: null,
          partitionFunc: null,
          integerNowFunc: "public.unix_now",
        },
      ],
      compression: null,
    },
  ],
  caggs: [cagg("public.daily", "public.hourly"), cagg("public.hourly", "public.conditions")],
  jobs: [],
  chunks: [],
  internalSchemas: ["_timescaledb_internal"],
  restoreExcludes: [],
};

describe("hypertablesSql", () => {
  it("recreates every dimension with its interval or partitions, without default indexes", () => {
    const sql = hypertablesSql(TS);
    expect(sql).toContain(
      `SELECT public.create_hypertable('public.conditions'::regclass, public.by_range('time', '1 day'::interval), create_default_indexes => false);`,
    );
    expect(sql).toContain(
      `SELECT public.add_dimension('public.conditions'::regclass, public.by_hash('device_id', 2));`,
    );
    expect(sql).toContain(`public.by_range('t', 86400::bigint)`);
    expect(sql).toContain(
      `SELECT public.set_integer_now_func('public."Readings"'::regclass, 'public.unix_now'::regproc);`,
    );
  });
});

describe("pg_dump line rewrites", () => {
  it("drops ONLY for hypertables only, and pins the extension's version", () => {
    const only = withoutOnlyOnHypertables(TS);
    expect(only("ALTER TABLE ONLY public.conditions")).toBe("ALTER TABLE public.conditions");
    expect(only('ALTER TABLE ONLY public."Readings"')).toBe('ALTER TABLE public."Readings"');
    expect(only("ALTER TABLE ONLY public.devices")).toBe("ALTER TABLE ONLY public.devices");
    const pin = pinnedExtensionVersion(TS);
    expect(pin("CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public;")).toBe(
      "CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public VERSION '2.28.3';",
    );
    expect(pin("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;")).toBe(
      "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;",
    );
  });
});

describe("caggOrder", () => {
  it("puts a continuous aggregate after the one it is built on", () => {
    expect(caggOrder(TS.caggs).map((c) => c.name)).toEqual(["public.hourly", "public.daily"]);
  });
});

describe("compressionSql", () => {
  it("states segmentby and orderby explicitly, so the target derives no other defaults", () => {
    expect(
      compressionSql("TABLE", "public.conditions", {
        segmentby: "",
        orderby: '"time" DESC',
        chunkInterval: null,
        configuredIndexes: "bloom(device_id)",
        indexes: "[]",
      }),
    ).toBe(
      `ALTER TABLE public.conditions SET (timescaledb.compress, timescaledb.compress_segmentby = '', timescaledb.compress_orderby = '"time" DESC', timescaledb.compress_index = 'bloom(device_id)')`,
    );
  });
});

describe("jobSql", () => {
  it("passes policy thresholds in the time column's type", () => {
    expect(jobSql(job({}), TS)).toBe(
      `SELECT public.add_compression_policy('public.conditions'::regclass, compress_after => '30 days'::interval, schedule_interval => '12:00:00'::interval) AS id`,
    );
    expect(
      jobSql(
        job({ kind: "retention", relation: 'public."Readings"', config: { drop_after: 630720000 } }),
        TS,
      ),
    ).toContain(`drop_after => 630720000::bigint`);
    expect(
      jobSql(
        job({
          kind: "refresh",
          relation: "public.hourly",
          config: { start_offset: null, end_offset: "01:00:00" },
        }),
        TS,
      ),
    ).toContain(`start_offset => NULL::interval, end_offset => '01:00:00'::interval`);
  });

  it("recreates a user-defined job with its procedure and config", () => {
    expect(
      jobSql(
        job({
          kind: "custom",
          relation: null,
          proc: "public.nightly",
          config: { k: 1 },
          fixedSchedule: true,
        }),
        TS,
      ),
    ).toBe(
      `SELECT public.add_job('public.nightly'::regproc, schedule_interval => '12:00:00'::interval, config => '{"k":1}'::jsonb, scheduled => true, fixed_schedule => true) AS id`,
    );
  });
});
