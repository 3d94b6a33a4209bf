import type pg from "pg";
import type { SourceConnector } from "@/server/connectors/connector";
import type { TablePlan } from "@/server/plan/build-plan";
import {
  binaryChecksum,
  canonicalSourceRows,
  methodOfTable,
  sourceChecksum,
  targetChecksum,
  type TableChecksum,
} from "./checksum-table";
import { compareKeyedPg, compareKeyless, NodeKeyedComparison, type TableComparison } from "./compare-table";
import { DifferenceList } from "./diff-rows";
import { BucketHasher, bucketOf, lineMd5 } from "./multiset";
import { PgSide } from "./pg-side";
import { tableCounts, type RequiredCounts } from "./required-columns";
import { segmentLine } from "./segment-line";

/** Where a table's source rows come from: a connector read in Node, or a PostgreSQL session at the snapshot. */
export type VerifySource =
  | { kind: "node"; connector: SourceConnector; batchRows: number }
  | {
      kind: "pg";
      session: <T>(fn: (c: pg.Client) => Promise<T>) => Promise<T>;
      /** Both sides one major version and the table's types built-in: binary COPY bytes compare as values. */
      binary?: boolean;
    };

export type ContentsResult = {
  source: TableChecksum;
  target: TableChecksum;
  targetRows: number;
  comparison: TableComparison;
  /** NULL / empty counts of required columns on each side. */
  required: { source: RequiredCounts; target: RequiredCounts };
};

/**
 * Whole-table counts and checksums (kept for the report), then the segment comparison that finds which
 * rows and columns differ. `onRows` gets the source rows compared so far.
 */
export async function verifyContents(
  client: pg.Client,
  t: TablePlan,
  source: VerifySource,
  onRows: (rows: number) => void,
): Promise<ContentsResult> {
  const targetSide = new PgSide(client, t.schema, t);
  const keyed = methodOfTable(t) === "key-ordered";
  const targetWhole = async () => {
    const tgt = await targetChecksum(client, t.schema, t);
    const { rows: targetRows, required: targetRequired } = await tableCounts(client, t.schema, t);
    return { tgt, targetRows, targetRequired };
  };

  if (source.kind === "pg")
    return source.session(async (s) => {
      if (source.binary && keyed && !t.rejectedKeys?.length) {
        const same = await binaryPass(client, s, t);
        if (same) {
          onRows(same.source.rows);
          return same;
        }
        // A difference: the canonical comparison below says which rows and columns.
      }
      // Two servers (or two sessions): the whole-table passes run side by side.
      const [{ tgt, targetRows, targetRequired }, src] = await Promise.all([
        targetWhole(),
        targetChecksum(s, t.schema, t),
      ]);
      const sourceSide = new PgSide(s, t.schema, t);
      // The whole table is the first segment: when it matches, there is nothing to narrow down.
      const comparison = wholeTableMatches(src, tgt, targetRows)
        ? unsplit(keyed, src.rows)
        : keyed
          ? await compareKeyedPg(t, sourceSide, targetSide, onRows, { source: src.rows, target: targetRows })
          : await compareKeyless(await sourceSide.bucketHashes(), targetSide, (b, limit) =>
              sourceSide.bucketLines(b, limit).then((r) => r.map((x) => x.line)),
            );
      onRows(src.rows);
      const required = { source: (await tableCounts(s, t.schema, t)).required, target: targetRequired };
      return { source: src, target: tgt, targetRows, comparison, required };
    });

  // The segment comparison below queries the target while the source streams: the target's own passes first.
  const { tgt, targetRows, targetRequired } = await targetWhole();
  const sourceRequired: RequiredCounts = new Map(
    [...targetRequired.keys()].map((k) => [k, { nulls: 0, empty: 0 }]),
  );
  const requiredIdx = [...targetRequired.keys()].map((k) => t.columns.findIndex((c) => c.target === k));
  const tally = (row: (string | null)[]) =>
    requiredIdx.forEach((i) => {
      const v = row[i];
      const c = sourceRequired.get(t.columns[i]!.target)!;
      if (v === null) c.nulls++;
      else if (v === "" && t.columns[i]!.kind === "text") c.empty++;
    });

  if (keyed) {
    const cmp = new NodeKeyedComparison(t, targetSide);
    await cmp.start();
    const src = await sourceChecksum(source.connector, t, source.batchRows, onRows, async (batch) => {
      for (const row of batch) {
        tally(row);
        await cmp.push(row);
      }
    });
    const comparison = await cmp.finish();
    return {
      source: src,
      target: tgt,
      targetRows,
      comparison,
      required: { source: sourceRequired, target: targetRequired },
    };
  }

  const buckets = new BucketHasher();
  const src = await sourceChecksum(source.connector, t, source.batchRows, onRows, async (batch) => {
    for (const row of batch) {
      tally(row);
      buckets.add(segmentLine(row));
    }
  });
  const comparison = await compareKeyless(buckets.hashes(), targetSide, async (wanted, limit) => {
    const want = new Set(wanted);
    const lines: string[] = [];
    for await (const batch of canonicalSourceRows(source.connector, t, source.batchRows))
      for (const row of batch) {
        const line = segmentLine(row);
        if (want.has(bucketOf(lineMd5(line))) && lines.length < limit) lines.push(line);
      }
    return lines;
  });
  return {
    source: src,
    target: tgt,
    targetRows,
    comparison,
    required: { source: sourceRequired, target: targetRequired },
  };
}

/** Both sides' binary checksums and counts, when every one of them agrees; else null. */
async function binaryPass(client: pg.Client, s: pg.Client, t: TablePlan): Promise<ContentsResult | null> {
  const [[tgt, counts], src] = await Promise.all([
    (async () =>
      [await binaryChecksum(client, t.schema, t), await tableCounts(client, t.schema, t)] as const)(),
    binaryChecksum(s, t.schema, t),
  ]);
  if (!wholeTableMatches(src, tgt, counts.rows) || tgt.rows !== counts.rows) return null;
  return {
    source: src,
    target: tgt,
    targetRows: counts.rows,
    comparison: unsplit(true, src.rows),
    required: { source: (await tableCounts(s, t.schema, t)).required, target: counts.required },
  };
}

const wholeTableMatches = (src: TableChecksum, tgt: TableChecksum, targetRows: number) =>
  src.rows === targetRows && src.checksum === tgt.checksum;

/** A table whose whole-table hashes match: one segment, not split. */
const unsplit = (keyed: boolean, rows: number): TableComparison => ({
  differences: new DifferenceList(),
  segments: { kind: keyed ? "key-range" : "bucket", count: 1, size: rows, mismatched: 0 },
});
