import { describe, expect, it } from "vitest";
import type { RunSnapshot } from "@/contracts/runs";
import { outcomeLine, progressLine } from "./progress-line";

const START = Date.parse("2026-11-23T10:00:00Z");
const run = (over: Partial<RunSnapshot>): RunSnapshot => ({
  id: "6d2a0f6e-2f4b-4a59-9d55-6a3f4f1c2b10",
  migrationId: "1d2a0f6e-2f4b-4a59-9d55-6a3f4f1c2b10",
  migrationName: "Shop",
  status: "running",
  phase: "data",
  error: null,
  createdAt: new Date(START).toISOString(),
  startedAt: new Date(START).toISOString(),
  finishedAt: null,
  tables: [
    {
      name: "public.orders",
      targetName: "orders",
      status: "copying",
      rowsDone: 400_000,
      rowsTotal: 1_000_000,
      bytesDone: 0,
      startedAt: new Date(START).toISOString(),
      finishedAt: null,
      error: null,
    },
  ],
  log: [],
  verified: null,
  step: null,
  rollback: null,
  eventCursor: "0",
  ...over,
});

describe("progressLine", () => {
  it("gives rows, share, rate and time left while copying", () => {
    expect(progressLine(run({}), START + 2_000)).toBe(
      "data       400,000 / 1,000,000 rows  40.0%  200,000 rows/s  ETA 3 s",
    );
  });

  it("names the step under way after the copy", () => {
    const line = progressLine(
      run({ phase: "post-data", step: { label: "Indexes", detail: null, done: 3, total: 8 } }),
      START,
    );
    expect(line).toBe("post-data  400,000 / 1,000,000 rows  40.0%  Indexes (3/8)");
  });
});

describe("outcomeLine", () => {
  it("says how long the run took and whether it was verified", () => {
    const end = new Date(START + 2_500).toISOString();
    expect(outcomeLine(run({ status: "succeeded", phase: "done", finishedAt: end, verified: true }))).toBe(
      "Run 6d2a0f6e-2f4b-4a59-9d55-6a3f4f1c2b10 succeeded in 2.5 s; verified: every table matches.",
    );
    expect(outcomeLine(run({ status: "succeeded", phase: "done", finishedAt: end }))).toMatch(
      /succeeded in 2.5 s; not verified \(verify it from its page when ready\)\.$/,
    );
    expect(outcomeLine(run({ status: "failed", finishedAt: end, error: "Target unreachable." }))).toMatch(
      /failed in 2.5 s; not verified. Target unreachable.$/,
    );
  });
});
