import type { ReportDifferenceCountV1, ReportDifferenceV1 } from "@/contracts/reports";
import type { ValueKind } from "@/server/typemap/value-kind";
import { compareKeys, keyText, type Key } from "./key-order";
import { truncateValue } from "./segment-line";

/** A row as both sides render it: its key and every column's canonical text. */
export type CanonicalRow = { key: Key; values: readonly (string | null)[] };

export const MAX_DIFFERENCES = 50;

/** Collects differences of one table: the first MAX_DIFFERENCES listed, all of them counted. */
export class DifferenceList {
  readonly items: ReportDifferenceV1[] = [];
  readonly count: ReportDifferenceCountV1 = { missing: 0, extra: 0, changed: 0 };

  constructor(private readonly max = MAX_DIFFERENCES) {}

  /** One differing row (`rows` of them when only some are listed), with its entries. */
  add(kind: ReportDifferenceV1["kind"], entries: Omit<ReportDifferenceV1, "kind">[], rows = 1): void {
    this.count[kind] += rows;
    for (const e of entries)
      if (this.items.length < this.max)
        this.items.push({
          kind,
          ...e,
          source: truncateValue(e.source),
          target: truncateValue(e.target),
        });
  }
}

export const rowText = (values: readonly (string | null)[]) => values.map((v) => v ?? "NULL").join(", ");

/** Merges two key-ordered row lists: rows only in the source are missing, only in the target extra. */
export function diffRows(
  kinds: readonly ValueKind[],
  columns: readonly string[],
  source: readonly CanonicalRow[],
  target: readonly CanonicalRow[],
  out: DifferenceList,
): void {
  let i = 0;
  let j = 0;
  while (i < source.length || j < target.length) {
    const s = source[i];
    const t = target[j];
    const c = !s ? 1 : !t ? -1 : compareKeys(kinds, s.key, t.key);
    if (c < 0) {
      out.add("missing", [{ key: keyText(s!.key), column: null, source: rowText(s!.values), target: null }]);
      i++;
    } else if (c > 0) {
      out.add("extra", [{ key: keyText(t!.key), column: null, source: null, target: rowText(t!.values) }]);
      j++;
    } else {
      const changed = columns.flatMap((column, k) =>
        s!.values[k] === t!.values[k]
          ? []
          : [{ key: keyText(s!.key), column, source: s!.values[k] ?? null, target: t!.values[k] ?? null }],
      );
      if (changed.length) out.add("changed", changed);
      i++;
      j++;
    }
  }
}
