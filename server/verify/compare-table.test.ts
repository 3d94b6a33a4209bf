import { describe, expect, it } from "vitest";
import type { TablePlan } from "@/server/plan/build-plan";
import type { RangeHash } from "./bisect";
import { NodeKeyedComparison, segmentRange } from "./compare-table";
import type { CanonicalRow } from "./diff-rows";
import { compareKeys, type Key } from "./key-order";
import { hashRows, MemorySide } from "./memory-side";
import type { PgSide } from "./pg-side";

/** PgSide's job done in memory: bounds every `every` rows, and segment hashes between them. */
class MemoryTarget extends MemorySide {
  queries = 0;

  boundaries(every: number): Promise<Key[]> {
    return Promise.resolve(this.all.filter((_, i) => i > 0 && i % every === 0).map((r) => r.key));
  }

  segmentHashes(bounds: readonly Key[]): Promise<Map<number, RangeHash>> {
    const segs = new Map<number, RangeHash>();
    for (let seg = 0; seg <= bounds.length; seg++) {
      const rows = this.rows(segmentRange(bounds, seg));
      if (rows.length) segs.set(seg, hashRows(rows));
    }
    return Promise.resolve(segs);
  }

  override rows(range: Parameters<MemorySide["rows"]>[0], limit?: number) {
    this.queries++;
    return super.rows(range, limit);
  }
}

const plan = (rowCount: number) =>
  ({
    primaryKey: ["id"],
    rowCount,
    columns: [
      { source: "id", target: "id", kind: "int", pgType: "bigint", nullable: false },
      { source: "v", target: "v", kind: "text", pgType: "text", nullable: true },
    ],
  }) as unknown as TablePlan;

const rows = (ids: number[], v = (i: number) => `v${i}`): CanonicalRow[] =>
  ids.map((i) => ({ key: [String(i)], values: [String(i), v(i)] }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function compare(source: CanonicalRow[], target: CanonicalRow[]) {
  const t = new MemoryTarget(["int"], target);
  const cmp = new NodeKeyedComparison(plan(source.length), t as unknown as PgSide);
  await cmp.start();
  for (const r of source) await cmp.push([...r.values]);
  return { result: await cmp.finish(), target: t };
}

describe("NodeKeyedComparison", () => {
  it("cuts the streamed source into the target's key-range segments; a deleted row differs in one only", async () => {
    const { result } = await compare(
      rows(range(1, 5000)),
      rows(
        range(1, 5000).filter((i) => i !== 2500),
        (i) => (i === 4100 ? "changed" : `v${i}`),
      ),
    );
    expect(result.segments).toEqual({ kind: "key-range", count: 5, size: 1000, mismatched: 2 });
    expect(result.differences.count).toEqual({ missing: 1, extra: 0, changed: 1 });
    expect(result.differences.items).toEqual([
      { kind: "missing", key: "2500", column: null, source: "2500, v2500", target: null },
      { kind: "changed", key: "4100", column: "v", source: "v4100", target: "changed" },
    ]);
  });

  it("lists rows only the target has, in segments the source never reached", async () => {
    const { result } = await compare(rows(range(1, 3000)), rows(range(1, 3500)));
    expect(result.differences.count).toEqual({ missing: 0, extra: 500, changed: 0 });
  });

  it("an empty target: every source row missing, counted all, the first 50 listed, held in pieces", async () => {
    const compare2 = async () => {
      const t = new MemoryTarget(["int"], []);
      const cmp = new NodeKeyedComparison(plan(50_000), t as unknown as PgSide);
      await cmp.start();
      let most = 0;
      for (const r of rows(range(1, 50_000))) {
        await cmp.push([...r.values]);
        most = Math.max(most, (cmp as unknown as { rows: unknown[] }).rows.length);
      }
      return { result: await cmp.finish(), most };
    };
    const { result, most } = await compare2();
    expect(result.differences.count).toEqual({ missing: 50_000, extra: 0, changed: 0 });
    expect(result.differences.items).toHaveLength(50);
    expect(most).toBeLessThanOrEqual(20_000);
    expect(compareKeys(["int"], [result.differences.items[0]!.key], ["1"])).toBe(0);
  });
});
