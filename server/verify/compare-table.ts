import type { ReportSegmentsV1 } from "@/contracts/reports";
import type { TablePlan } from "@/server/plan/build-plan";
import { bisect, type PendingRange, type RangeHash, type RangeSide } from "./bisect";
import { DifferenceList, diffRows, type CanonicalRow } from "./diff-rows";
import { compareKeys, type Key, type KeyRange } from "./key-order";
import { hashRows, MemorySide } from "./memory-side";
import { bucketOf, differingBuckets, lineMd5, multisetDifference } from "./multiset";
import type { PgSide } from "./pg-side";
import { COLLATABLE } from "./pg-side";

export type TableComparison = { differences: DifferenceList; segments: ReportSegmentsV1 };

/** Ranges narrowed to this many rows are compared row by row. */
const LEAF_ROWS = 64;
/** Lines read per side of a table without a key to find the rows of its differing buckets. */
const BUCKET_LINES = 20_000;
const EMPTY: RangeHash = hashRows([]);

/** At most about 1,024 segments, of at least 1,000 rows. */
export const segmentRows = (rows: number): number => Math.max(1000, Math.ceil(rows / 1024));

export const segmentRange = (bounds: readonly Key[], seg: number): KeyRange => ({
  lo: seg === 0 ? null : bounds[seg - 1]!,
  hi: seg < bounds.length ? bounds[seg]! : null,
});

const columnNames = (t: TablePlan) => t.columns.map((c) => c.target);

async function narrow(
  t: TablePlan,
  kinds: PgSide["kinds"],
  pending: PendingRange[],
  source: RangeSide & { rows(r: KeyRange): Promise<CanonicalRow[]> | CanonicalRow[] },
  target: PgSide,
  out: DifferenceList,
): Promise<void> {
  for (const leaf of await bisect(pending, source, target, LEAF_ROWS))
    diffRows(kinds, columnNames(t), await source.rows(leaf), await target.rows(leaf), out);
}

/**
 * Both sides PostgreSQL: segment bounds are keys of the target every `segmentRows` rows; each side hashes
 * every segment in SQL, in groups of segments so progress shows (one query when a text key's "C" order
 * keeps the primary key index out of use).
 */
export async function compareKeyedPg(
  t: TablePlan,
  source: PgSide,
  target: PgSide,
  onRows: (rows: number) => void,
): Promise<TableComparison> {
  const size = segmentRows(t.rowCount);
  const bounds = await target.boundaries(size);
  const segments = bounds.length + 1;
  const keyCols = (t.primaryKey ?? []).map((k) => t.columns.find((c) => c.source === k)!);
  const group = keyCols.some((c) => COLLATABLE.test(c.pgType)) ? segments : 16;
  const out = new DifferenceList();
  let mismatched = 0;
  let rows = 0;
  for (let first = 0; first < segments; first += group) {
    const last = Math.min(segments, first + group) - 1;
    const within = { lo: segmentRange(bounds, first).lo, hi: segmentRange(bounds, last).hi };
    const [sh, th] = await Promise.all([
      source.segmentHashes(bounds, within),
      target.segmentHashes(bounds, within),
    ]);
    const pending: PendingRange[] = [];
    for (let seg = first; seg <= last; seg++) {
      const s = sh.get(seg) ?? EMPTY;
      const tg = th.get(seg) ?? EMPTY;
      rows += s.rows;
      if (s.hash !== tg.hash) pending.push({ range: segmentRange(bounds, seg), source: s, target: tg });
    }
    mismatched += pending.length;
    await narrow(t, target.kinds, pending, source, target, out);
    onRows(rows);
  }
  return { differences: out, segments: { kind: "key-range", count: segments, size, mismatched } };
}

/**
 * A source read in Node (key order): rows are cut into the target's segments as they stream by; a segment
 * whose hash differs is narrowed against the target while its rows are still in memory, then dropped.
 */
export class NodeKeyedComparison {
  private bounds: Key[] = [];
  private targetHashes = new Map<number, RangeHash>();
  private seg = 0;
  private rows: CanonicalRow[] = [];
  private readonly seen = new Set<number>();
  private readonly keyIdx: number[];
  private readonly size: number;
  private mismatched = 0;
  readonly out = new DifferenceList();

  constructor(
    private readonly t: TablePlan,
    private readonly target: PgSide,
  ) {
    this.keyIdx = (t.primaryKey ?? []).map((k) => t.columns.findIndex((c) => c.source === k));
    this.size = segmentRows(t.rowCount);
  }

  async start(): Promise<void> {
    this.bounds = await this.target.boundaries(this.size);
    this.targetHashes = await this.target.segmentHashes(this.bounds);
  }

  async push(values: (string | null)[]): Promise<void> {
    const key = this.keyIdx.map((i) => values[i] ?? null);
    while (
      this.seg < this.bounds.length &&
      compareKeys(this.target.kinds, key, this.bounds[this.seg]!) >= 0
    ) {
      await this.flush();
      this.seg++;
    }
    this.rows.push({ key, values });
  }

  private async flush(): Promise<void> {
    if (!this.rows.length) return;
    this.seen.add(this.seg);
    const mine = hashRows(this.rows);
    await this.check(this.seg, mine, new MemorySide(this.target.kinds, this.rows));
    this.rows = [];
  }

  private async check(seg: number, mine: RangeHash, side: MemorySide): Promise<void> {
    const theirs = this.targetHashes.get(seg) ?? EMPTY;
    if (mine.hash === theirs.hash) return;
    this.mismatched++;
    const pending = [{ range: segmentRange(this.bounds, seg), source: mine, target: theirs }];
    await narrow(this.t, this.target.kinds, pending, side, this.target, this.out);
  }

  async finish(): Promise<TableComparison> {
    await this.flush();
    // Segments with target rows only: every row there is extra.
    for (const seg of this.targetHashes.keys())
      if (!this.seen.has(seg)) await this.check(seg, EMPTY, new MemorySide(this.target.kinds, []));
    return {
      differences: this.out,
      segments: {
        kind: "key-range",
        count: this.bounds.length + 1,
        size: this.size,
        mismatched: this.mismatched,
      },
    };
  }
}

const shown = (line: string) => line.replace(/\n$/, "");

/** Rows on one side only, from the lines of the differing buckets of both sides. */
export function bucketDifferences(
  sourceLines: readonly string[],
  targetLines: readonly string[],
  out: DifferenceList,
): void {
  const { missing, extra } = multisetDifference(sourceLines, targetLines);
  const bucket = (l: string) => `bucket ${bucketOf(lineMd5(l))}`;
  for (const l of missing)
    out.add("missing", [{ key: bucket(l), column: null, source: shown(l), target: null }]);
  for (const l of extra) out.add("extra", [{ key: bucket(l), column: null, source: null, target: shown(l) }]);
}

/** A table without a key: multiset hashes per bucket; the lines of differing buckets are compared. */
export async function compareKeyless(
  sourceBuckets: Map<number, string>,
  target: PgSide,
  sourceLines: (buckets: readonly number[], limit: number) => Promise<string[]>,
): Promise<TableComparison> {
  const targetBuckets = await target.bucketHashes();
  const differing = differingBuckets(sourceBuckets, targetBuckets);
  const out = new DifferenceList();
  if (differing.length) {
    const [src, tgt] = await Promise.all([
      sourceLines(differing, BUCKET_LINES),
      target.bucketLines(differing, BUCKET_LINES).then((r) => r.map((x) => x.line)),
    ]);
    bucketDifferences(src, tgt, out);
  }
  return {
    differences: out,
    segments: {
      kind: "bucket",
      count: new Set([...sourceBuckets.keys(), ...targetBuckets.keys()]).size,
      size: 0,
      mismatched: differing.length,
    },
  };
}
