import { describe, expect, it } from "vitest";
import { bisect, type RangeSide } from "./bisect";
import { DifferenceList, diffRows, type CanonicalRow } from "./diff-rows";
import type { KeyRange } from "./key-order";
import { hashRows, MemorySide } from "./memory-side";

const rows = (n: number, change: (i: number) => string | null = (i) => `v${i}`): CanonicalRow[] =>
  Array.from({ length: n }, (_, i) => ({
    key: [String(i + 1)],
    values: [String(i + 1), change(i + 1)],
  })).filter((r) => r.values[1] !== null);

/** Counts hash calls, to show that only differing halves are narrowed further. */
class Counting extends MemorySide implements RangeSide {
  calls = 0;
  override hash(ranges: readonly KeyRange[]) {
    this.calls++;
    return super.hash(ranges);
  }
}

const whole = { lo: null, hi: null };

describe("bisect", () => {
  it("narrows a 10,000-row range to the leaf holding the one changed row", async () => {
    const source = new Counting(["int"], rows(10_000));
    const target = new Counting(
      ["int"],
      rows(10_000, (i) => (i === 7_777 ? "changed" : `v${i}`)),
    );
    const leaves = await bisect(
      [{ range: whole, source: hashRows(source.all), target: hashRows(target.all) }],
      source,
      target,
      64,
    );
    expect(leaves).toHaveLength(1);
    const leafRows = target.rows(leaves[0]!.range);
    expect(leafRows.length).toBeLessThanOrEqual(64);
    expect(leafRows.map((r) => r.key[0])).toContain("7777");
    // one hash call per level and side: log2(10,000 / 64) levels, not one per range
    expect(target.calls).toBeLessThanOrEqual(9);
  });

  it("finds a row only the source has (missing) and one only the target has (extra) in separate leaves", async () => {
    const source = new MemorySide(
      ["int"],
      rows(5_000, (i) => (i === 4_000 ? null : `v${i}`)),
    );
    const target = new MemorySide(["int"], [...rows(5_000, (i) => (i === 100 ? null : `v${i}`))]);
    const pending = [{ range: whole, source: hashRows(source.all), target: hashRows(target.all) }];
    const leaves = await bisect(pending, source, target, 64);
    expect(leaves).toHaveLength(2);
    const out = new DifferenceList();
    for (const leaf of leaves)
      diffRows(["int"], ["id", "v"], source.rows(leaf.range), target.rows(leaf.range), out);
    expect(out.count).toEqual({ missing: 1, extra: 1, changed: 0 });
    expect(out.items.map((d) => [d.kind, d.key])).toEqual([
      ["missing", "100"],
      ["extra", "4000"],
    ]);
  });

  it("does not split a range one side has no rows in: all of it is missing", async () => {
    const source = new Counting(["int"], rows(10_000));
    const target = new Counting(["int"], []);
    const leaves = await bisect(
      [{ range: whole, source: hashRows(source.all), target: hashRows([]) }],
      source,
      target,
      64,
    );
    expect(leaves).toEqual([{ range: whole, source: hashRows(source.all), target: hashRows([]) }]);
    expect(source.calls + target.calls).toBe(0);
  });

  it("returns nothing when the hashes agree", async () => {
    const side = new MemorySide(["int"], rows(100));
    expect(await bisect([], side, side, 8)).toEqual([]);
  });
});

describe("diffRows", () => {
  it("lists each differing column of a changed row and counts the row once", () => {
    const out = new DifferenceList(3);
    diffRows(
      ["int"],
      ["id", "a", "b"],
      [{ key: ["1"], values: ["1", "x", "y"] }],
      [{ key: ["1"], values: ["1", "X", null] }],
      out,
    );
    expect(out.count).toEqual({ missing: 0, extra: 0, changed: 1 });
    expect(out.items).toEqual([
      { kind: "changed", key: "1", column: "a", source: "x", target: "X" },
      { kind: "changed", key: "1", column: "b", source: "y", target: null },
    ]);
  });

  it("keeps the first differences only, but counts them all", () => {
    const out = new DifferenceList(2);
    diffRows(["int"], ["id"], rows(10), [], out);
    expect(out.items).toHaveLength(2);
    expect(out.count.missing).toBe(10);
  });
});
