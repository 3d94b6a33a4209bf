import { describe, expect, it } from "vitest";
import { BATCH_ROWS, BATCH_TABLES, takeJob } from "./chunk-batches";

const whole = (tableName: string) => ({ tableName, seq: 0, lo: null, hi: null });

describe("takeJob", () => {
  it("sends a big table's chunks one job each, even when small tables follow", () => {
    const queue = [
      { tableName: "big", seq: 0, lo: null, hi: "500" },
      { tableName: "big", seq: 1, lo: "500", hi: null },
      whole("a"),
    ];
    const small = new Map([["a", 10]]);
    expect(takeJob(queue, small)).toEqual([{ tableName: "big", seq: 0, lo: null, hi: "500" }]);
    expect(takeJob(queue, small)).toEqual([{ tableName: "big", seq: 1, lo: "500", hi: null }]);
    expect(takeJob(queue, small)).toEqual([whole("a")]);
    expect(queue).toEqual([]);
  });

  it("batches consecutive small whole tables, up to the table limit", () => {
    const names = Array.from({ length: BATCH_TABLES + 5 }, (_, i) => `t${i}`);
    const queue = names.map(whole);
    const small = new Map(names.map((n) => [n, 1]));
    expect(takeJob(queue, small).map((c) => c.tableName)).toEqual(names.slice(0, BATCH_TABLES));
    expect(takeJob(queue, small).map((c) => c.tableName)).toEqual(names.slice(BATCH_TABLES));
  });

  it("ends a batch before its rows would pass the row limit, and at a table that is not small", () => {
    const rows = Math.floor(BATCH_ROWS / 2);
    const queue = [whole("a"), whole("b"), whole("c"), whole("d"), whole("big")];
    const small = new Map([
      ["a", rows],
      ["b", rows],
      ["c", 1],
      ["d", 1],
    ]);
    expect(takeJob(queue, small).map((c) => c.tableName)).toEqual(["a", "b"]);
    expect(takeJob(queue, small).map((c) => c.tableName)).toEqual(["c", "d"]);
    expect(takeJob(queue, small).map((c) => c.tableName)).toEqual(["big"]);
  });
});
