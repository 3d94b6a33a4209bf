import { describe, expect, it } from "vitest";
import { ReportV1 } from "./reports";

/** A report as stored before differences, segments and the manifest existed. */
const OLD = {
  version: 1,
  ok: true,
  runId: "7d7c7a38-5b5b-4e2e-9a8e-3b1f2f6c0a11",
  migration: { id: "1d7c7a38-5b5b-4e2e-9a8e-3b1f2f6c0a11", name: "m" },
  source: { engine: "sqlite", name: "s", fingerprint: "f" },
  target: { name: "t", serverVersion: "16", database: "d", schema: "public" },
  startedAt: "a",
  finishedAt: "b",
  ferryVersion: "0.1.0",
  canonicalization: "c",
  tables: [
    {
      name: "t",
      targetName: "public.t",
      sourceRows: 1,
      targetRows: 1,
      sourceChecksum: "x",
      targetChecksum: "x",
      checksumMethod: "key-ordered",
      match: true,
    },
  ],
  summary: { tables: 1, tablesMatching: 1, sourceRows: 1, targetRows: 1 },
};

describe("ReportV1", () => {
  it("still parses reports stored before differences, segments and the manifest", () => {
    const report = ReportV1.parse(OLD);
    expect(report.tables[0]).toMatchObject({
      differences: [],
      differenceCount: { missing: 0, extra: 0, changed: 0 },
      segments: { kind: "none", count: 0, size: 0, mismatched: 0 },
    });
    expect(report.manifest).toEqual({ verification: "run", options: {}, timings: [] });
  });
});
