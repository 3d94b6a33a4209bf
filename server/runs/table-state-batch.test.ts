import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TableStateBatch } from "./table-state-batch";

type Written = Map<string, unknown>;

describe("TableStateBatch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes a table's latest state once per batch, in order, and by itself after a moment", async () => {
    const writes: Written[] = [];
    const batch = new TableStateBatch({ tablesAtOnce: async (m) => void writes.push(new Map(m)) });
    batch.set("a", { status: "verifying" });
    batch.set("b", { status: "verifying" });
    batch.set("a", { status: "verified", rowsDone: 10, error: null });
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(writes).toEqual([
      new Map<string, unknown>([
        ["a", { status: "verified", rowsDone: 10, error: null }],
        ["b", { status: "verifying" }],
      ]),
    ]);
    batch.set("b", { status: "mismatch", error: "1 row(s) missing" });
    await batch.flush();
    expect(writes[1]).toEqual(new Map([["b", { status: "mismatch", error: "1 row(s) missing" }]]));
  });

  it("fails the next flush when a write the timer started failed", async () => {
    const batch = new TableStateBatch({
      tablesAtOnce: async () => {
        throw new Error("Ferry's database is gone");
      },
    });
    batch.set("a", { status: "verified" });
    await vi.advanceTimersByTimeAsync(100);
    await expect(batch.flush()).rejects.toThrow("Ferry's database is gone");
  });
});
