import { describe, expect, it } from "vitest";
import { compareTimescale } from "./compare-timescale";
import type { Timescale } from "./read-timescale";

const base: Timescale = {
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
      ],
      compression: null,
    },
  ],
  caggs: [],
  jobs: [],
  chunks: [
    {
      relation: "public.conditions",
      chunk: "_timescaledb_internal._hyper_1_1_chunk",
      bounds: "CHECK (a)",
      compressed: true,
    },
    {
      relation: "public.conditions",
      chunk: "_timescaledb_internal._hyper_1_2_chunk",
      bounds: "CHECK (b)",
      compressed: false,
    },
  ],
  internalSchemas: [],
  restoreExcludes: [],
};

const byName = (checks: ReturnType<typeof compareTimescale>) => new Map(checks.map((c) => [c.name, c]));

describe("compareTimescale", () => {
  it("passes when both sides hold the same objects, whatever the chunks are called", () => {
    const target = {
      ...base,
      chunks: base.chunks.map((c) => ({ ...c, chunk: c.chunk.replace("_1_", "_7_") })),
    };
    const checks = compareTimescale(base, target);
    expect(
      checks.every((c) => c.ok),
      JSON.stringify(checks),
    ).toBe(true);
  });

  it("names a changed chunk interval, a version difference and a chunk left uncompressed", () => {
    const target: Timescale = {
      ...base,
      version: "2.28.1",
      hypertables: [
        {
          ...base.hypertables[0]!,
          dimensions: [{ ...base.hypertables[0]!.dimensions[0]!, interval: "7 days" }],
        },
      ],
      chunks: base.chunks.map((c) => ({ ...c, compressed: false })),
    };
    const checks = byName(compareTimescale(base, target));
    expect(checks.get("timescaledb: version")).toMatchObject({
      ok: false,
      detail: "TimescaleDB 2.28.3 in the source, 2.28.1 in the target",
    });
    expect(checks.get("timescaledb: hypertables and dimensions")?.detail).toMatch(
      /only in the target: public\.conditions \(time range 7 days\)/,
    );
    expect(checks.get("timescaledb: compressed chunks")).toMatchObject({ ok: false });
  });

  it("fails one line when the target has no TimescaleDB at all", () => {
    expect(compareTimescale(base, null)).toEqual([
      {
        name: "timescaledb: version",
        ok: false,
        detail: "TimescaleDB 2.28.3 in the source, not installed in the target",
      },
    ]);
  });
});
