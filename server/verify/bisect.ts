import type { Key, KeyRange } from "./key-order";

export type RangeHash = { rows: number; hash: string };

/** One side of a comparison, as far as narrowing a mismatch needs: hash key ranges, split one. */
export interface RangeSide {
  /** Row count and content hash of each range, in the order given (the ranges are disjoint). */
  hash(ranges: readonly KeyRange[]): Promise<RangeHash[]>;
  /** A key inside the range with about half its `rows` rows below it; null when it cannot be split. */
  splitKey(range: KeyRange, rows: number): Promise<Key | null>;
}

export type PendingRange = { range: KeyRange; source: RangeHash; target: RangeHash };

/**
 * Narrows differing ranges level by level: each is split at a key of the side with more rows in it, both
 * halves are hashed on both sides (one call per side and level), and only halves that still differ go on.
 * Returns the differing ranges of at most `leafRows` rows, unsplittable ones, and ranges one side has no
 * rows in (every row there is missing or extra: nothing to narrow), in key order.
 */
export async function bisect(
  start: readonly PendingRange[],
  source: RangeSide,
  target: RangeSide,
  leafRows: number,
): Promise<PendingRange[]> {
  const leaves: PendingRange[] = [];
  let level = [...start];
  while (level.length) {
    const halves: KeyRange[] = [];
    for (const p of level) {
      const rows = Math.max(p.source.rows, p.target.rows);
      const side = p.target.rows >= p.source.rows ? target : source;
      const oneSided = p.source.rows === 0 || p.target.rows === 0;
      const mid = rows > leafRows && !oneSided ? await side.splitKey(p.range, rows) : null;
      if (mid === null) leaves.push(p);
      else halves.push({ lo: p.range.lo, hi: mid }, { lo: mid, hi: p.range.hi });
    }
    if (!halves.length) break;
    const [sh, th] = await Promise.all([source.hash(halves), target.hash(halves)]);
    level = halves
      .map((range, i) => ({ range, source: sh[i]!, target: th[i]! }))
      .filter((p) => p.source.hash !== p.target.hash);
  }
  return leaves;
}
