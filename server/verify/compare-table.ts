import type { ReportSegmentsV1 } from "@/contracts/reports";
import type { TablePlan } from "@/server/plan/build-plan";
import { bisect, type PendingRange, type RangeHash, type RangeSide } from "./bisect";
import { DifferenceList, diffRows, MAX_DIFFERENCES, rowText, type CanonicalRow } from "./diff-rows";
import { compareKeys, keyText, type Key, type KeyRange } from "./key-order";
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

type RowSide = RangeSide & {
  rows(r: KeyRange, limit?: number): Promise<CanonicalRow[]> | CanonicalRow[];
};

async function narrow(
  t: TablePlan,
  kinds: PgSide["kinds"],
  pending: PendingRange[],
  source: RowSide,
  target: RowSide,
  out: DifferenceList,
): Promise<void> {
  for (const leaf of await bisect(pending, source, target, LEAF_ROWS)) {
    if (leaf.target.rows === 0 || leaf.source.rows === 0) {
      // Every row of the range is on one side only: list the first, count them all, hold no more.
      const [kind, side, n] =
        leaf.target.rows === 0
          ? (["missing", source, leaf.source.rows] as const)
          : (["extra", target, leaf.target.rows] as const);
      const listed = await side.rows(leaf.range, MAX_DIFFERENCES);
      listed.forEach((r, i) =>
        out.add(
          kind,
          [
            {
              key: keyText(r.key),
              column: null,
              source: kind === "missing" ? rowText(r.values) : null,
              target: kind === "extra" ? rowText(r.values) : null,
            },
          ],
          i === listed.length - 1 ? n - listed.length + 1 : 1,
        ),
      );
      continue;
    }
    diffRows(kinds, columnNames(t), await source.rows(leaf.range), await target.rows(leaf.range), out);
  }
}

/**
 * Both sides PostgreSQL: segment bounds are keys of the side with more rows (so no segment is huge when
 * the other lacks rows), one every `segmentRows` rows; each side hashes
 * every segment in SQL, in groups of segments so progress shows (one query when a text key's "C" order
 * keeps the primary key index out of use).
 */
export async function compareKeyedPg(
  t: TablePlan,
  source: PgSide,
  target: PgSide,
  onRows: (rows: number) => void,
  counts: { source: number; target: number },
): Promise<TableComparison> {
  const size = segmentRows(Math.max(counts.source, counts.target));
  const bounds = await (counts.source > counts.target ? source : target).boundaries(size);
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
  /** Where the rows held start, when a segment grew past the cap and was compared in pieces. */
  private pieceLo: Key | null | undefined = undefined;
  private readonly seen = new Set<number>();
  private readonly keyIdx: number[];
  private readonly size: number;
  private readonly mismatched = new Set<number>();
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
      this.pieceLo = undefined;
      this.seg++;
    }
    // The target lacks most of this segment's rows (bounds come from its keys): compare what is held so far.
    if (this.rows.length >= this.cap) await this.flush(key);
    this.rows.push({ key, values });
  }

  private get cap(): number {
    return Math.max(4 * this.size, 20_000);
  }

  /** Compares the rows held: the whole segment, or (`until` a key) a piece of an oversized one. */
  private async flush(until?: Key): Promise<void> {
    const segment = segmentRange(this.bounds, this.seg);
    const piece = this.pieceLo !== undefined || until !== undefined;
    if (!this.rows.length && !piece) return;
    this.seen.add(this.seg);
    const range = piece ? { lo: this.pieceLo ?? segment.lo, hi: until ?? segment.hi } : segment;
    const held = this.rows;
    this.pieceLo = until;
    this.rows = [];
    const theirs = piece ? (await this.target.hash([range]))[0]! : (this.targetHashes.get(this.seg) ?? EMPTY);
    await this.compare(this.seg, range, held, theirs);
  }

  private async compare(
    seg: number,
    range: KeyRange,
    held: CanonicalRow[],
    theirs: RangeHash,
  ): Promise<void> {
    const mine = hashRows(held);
    if (mine.hash === theirs.hash) return;
    this.mismatched.add(seg);
    const side = new MemorySide(this.target.kinds, held);
    await narrow(
      this.t,
      this.target.kinds,
      [{ range, source: mine, target: theirs }],
      side,
      this.target,
      this.out,
    );
  }

  async finish(): Promise<TableComparison> {
    await this.flush();
    // Segments with target rows only: every row there is extra.
    for (const seg of this.targetHashes.keys())
      if (!this.seen.has(seg))
        await this.compare(seg, segmentRange(this.bounds, seg), [], this.targetHashes.get(seg)!);
    return {
      differences: this.out,
      segments: {
        kind: "key-range",
        count: this.bounds.length + 1,
        size: this.size,
        mismatched: this.mismatched.size,
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
