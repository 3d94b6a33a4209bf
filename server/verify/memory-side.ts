import { createHash } from "node:crypto";
import type { ValueKind } from "@/server/typemap/value-kind";
import type { RangeHash, RangeSide } from "./bisect";
import type { CanonicalRow } from "./diff-rows";
import { inRange, type Key, type KeyRange } from "./key-order";
import { segmentLine } from "./segment-line";

/** Hash of key-ordered canonical rows, the Node twin of PgSide's SQL. */
export function hashRows(rows: readonly CanonicalRow[]): RangeHash {
  const h = createHash("sha256");
  for (const r of rows) h.update(segmentLine(r.values), "utf8");
  return { rows: rows.length, hash: h.digest("hex") };
}

/** Key-ordered rows held in memory (one segment of a source read in Node). */
export class MemorySide implements RangeSide {
  constructor(
    readonly kinds: readonly ValueKind[],
    readonly all: readonly CanonicalRow[],
  ) {}

  rows(range: KeyRange, limit = Infinity): CanonicalRow[] {
    return this.all.filter((r) => inRange(this.kinds, range, r.key)).slice(0, limit);
  }

  hash(ranges: readonly KeyRange[]): Promise<RangeHash[]> {
    return Promise.resolve(ranges.map((r) => hashRows(this.rows(r))));
  }

  splitKey(range: KeyRange): Promise<Key | null> {
    const rows = this.rows(range);
    return Promise.resolve(rows.length > 1 ? rows[Math.floor(rows.length / 2)]!.key : null);
  }
}
