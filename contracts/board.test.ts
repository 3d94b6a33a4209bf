import { describe, expect, it } from "vitest";
import { type BoardRow, selectBoardRows } from "./board";

const row = (name: string, over: Partial<BoardRow> = {}): BoardRow => ({
  migrationId: "00000000-0000-4000-8000-000000000000",
  name,
  templateId: "comprehensive",
  phase: "Prepare",
  checklist: { total: 10, complete: 5, warn: 0, failed: 0 },
  preflight: null,
  approval: "not-required",
  lastRun: null,
  ...over,
});

const run = (createdAt: string, status: "running" | "succeeded" = "succeeded") => ({
  id: "00000000-0000-4000-8000-000000000001",
  status,
  createdAt,
  verified: null,
});

describe("selectBoardRows", () => {
  const rows = [
    row("Orders", { approval: "waiting", checklist: { total: 10, complete: 9, warn: 0, failed: 0 } }),
    row("billing", { preflight: { status: "finished", fail: 2, warn: 0 }, lastRun: run("2026-01-02") }),
    row("Archive", {
      lastRun: run("2026-03-01", "running"),
      checklist: { total: 4, complete: 1, warn: 0, failed: 0 },
    }),
  ];
  const names = (opts: Partial<Parameters<typeof selectBoardRows>[1]>) =>
    selectBoardRows(rows, { filter: "all", sort: "name", search: "", ...opts }).map((r) => r.name);

  it("filters by approval, failures, running and never-run, and searches names case-insensitively", () => {
    expect(names({ filter: "waiting" })).toEqual(["Orders"]);
    expect(names({ filter: "failing" })).toEqual(["billing"]);
    expect(names({ filter: "running" })).toEqual(["Archive"]);
    expect(names({ filter: "never-run" })).toEqual(["Orders"]);
    expect(names({ search: "BILL" })).toEqual(["billing"]);
  });

  it("sorts by name, by completion (least first) and by last run (newest first, never-run last)", () => {
    expect(names({ sort: "name" })).toEqual(["Archive", "billing", "Orders"]);
    expect(names({ sort: "completion" })).toEqual(["Archive", "billing", "Orders"]);
    expect(names({ sort: "last-run" })).toEqual(["Archive", "billing", "Orders"]);
  });
});
