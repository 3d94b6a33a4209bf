import { describe, expect, it } from "vitest";
import {
  applyRunEvent,
  inTableGroup,
  runTotals,
  tableGroupCounts,
  tableRate,
  type RunSnapshot,
} from "./runs";

const snapshot: RunSnapshot = {
  id: "00000000-0000-4000-8000-000000000001",
  migrationId: "00000000-0000-4000-8000-000000000002",
  migrationName: "m",
  status: "running",
  phase: "data",
  error: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: null,
  verified: null,
  step: null,
  rollback: null,
  log: [],
  eventCursor: "0",
  tables: [
    {
      name: "a",
      targetName: "a",
      status: "copying",
      rowsDone: 0,
      rowsTotal: 100,
      bytesDone: 0,
      startedAt: null,
      finishedAt: null,
      error: null,
    },
    {
      name: "b",
      targetName: "b",
      status: "pending",
      rowsDone: 0,
      rowsTotal: 300,
      bytesDone: 0,
      startedAt: null,
      finishedAt: null,
      error: null,
    },
  ],
};

describe("applyRunEvent", () => {
  it("is idempotent: replaying an absolute progress event changes nothing", () => {
    const e = {
      type: "table.progress",
      name: "a",
      status: "copying",
      rowsDone: 50,
      rowsTotal: 100,
      bytesDone: 10,
      error: null,
      at: "2026-01-01T00:00:01.000Z",
    } as const;
    const once = applyRunEvent(snapshot, e);
    expect(applyRunEvent(once, e)).toEqual(once);
    expect(runTotals(once)).toEqual({ rowsDone: 50, rowsTotal: 400, fraction: 0.125 });
  });

  it("learns the planned tables, keeping the progress of those it already knows", () => {
    const planned = applyRunEvent(snapshot, {
      type: "run.tables",
      tables: [
        { name: "a", targetName: "a", rowsTotal: 100 },
        { name: "c", targetName: "c", rowsTotal: 600 },
      ],
      at: "2026-01-01T00:00:01.000Z",
    });
    expect(planned.tables.map((t) => [t.name, t.status, t.rowsTotal])).toEqual([
      ["a", "copying", 100],
      ["c", "pending", 600],
    ]);
    expect(runTotals(planned).rowsTotal).toBe(700);
  });

  it("marks the run finished on a terminal status", () => {
    const done = applyRunEvent(snapshot, {
      type: "run.status",
      status: "succeeded",
      phase: "done",
      error: null,
      at: "2026-01-01T00:01:00.000Z",
    });
    expect(done.finishedAt).toBe("2026-01-01T00:01:00.000Z");
  });
});

describe("tableRate", () => {
  const table = snapshot.tables[0]!;
  it("gives a copying table's rate and time left", () => {
    const t = { ...table, rowsDone: 50, startedAt: "2026-01-01T00:00:00.000Z" };
    expect(tableRate(t, Date.parse("2026-01-01T00:00:10.000Z"))).toEqual({
      rowsPerSecond: 5,
      etaSeconds: 10,
    });
  });

  it("gives a finished table's rate over its copy, but none for one finished within a second", () => {
    const done = {
      ...table,
      status: "copied" as const,
      rowsDone: 100,
      startedAt: "2026-01-01T00:00:00.000Z",
    };
    const now = Date.parse("2026-01-01T01:00:00.000Z");
    expect(tableRate({ ...done, finishedAt: "2026-01-01T00:00:04.000Z" }, now).rowsPerSecond).toBe(25);
    expect(tableRate({ ...done, finishedAt: "2026-01-01T00:00:00.400Z" }, now)).toEqual({
      rowsPerSecond: null,
      etaSeconds: 0,
    });
  });
});

describe("table filters", () => {
  it("count and pick the tables a DBA looks for: in progress, with problems, waiting, done", () => {
    const tables = (
      ["copying", "verifying", "failed", "mismatch", "pending", "copied", "verified", "copied"] as const
    ).map((status) => ({ status }));
    expect(tableGroupCounts(tables)).toEqual({ all: 8, active: 2, problems: 2, waiting: 1, done: 3 });
    expect(tables.filter((t) => inTableGroup(t, "problems")).map((t) => t.status)).toEqual([
      "failed",
      "mismatch",
    ]);
    expect(tables.filter((t) => inTableGroup(t, "all"))).toHaveLength(8);
  });
});
