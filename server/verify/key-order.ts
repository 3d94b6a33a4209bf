import Big from "big.js";
import type { ValueKind } from "@/server/typemap/value-kind";

/** A row key as canonical text per key column (canonical.ts), in key column order. */
export type Key = readonly (string | null)[];

const utf8 = (s: string) => Buffer.from(s, "utf8");

function float(hex: string): number {
  return Buffer.from(hex, "hex").readDoubleBE(0);
}

/**
 * Compares two canonical values of one kind the way the target orders them: numbers by value, text
 * bytewise (COLLATE "C", SQLite's BINARY), the fixed-width date and hex forms as strings. NULLs last.
 */
export function compareValue(kind: ValueKind, a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  switch (kind) {
    case "int": {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case "numeric":
      return new Big(a).cmp(new Big(b));
    case "float": {
      const x = float(a);
      const y = float(b);
      // PostgreSQL sorts NaN above every number.
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case "text":
    case "json":
      return Buffer.compare(utf8(a), utf8(b));
    default:
      return a < b ? -1 : a > b ? 1 : 0;
  }
}

export function compareKeys(kinds: readonly ValueKind[], a: Key, b: Key): number {
  for (let i = 0; i < kinds.length; i++) {
    const c = compareValue(kinds[i]!, a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

/** How a key is shown in the report. */
export const keyText = (key: Key): string => key.map((k) => k ?? "NULL").join(", ");

/** A half-open key range [lo, hi); a null bound is open. */
export type KeyRange = { lo: Key | null; hi: Key | null };

export const inRange = (kinds: readonly ValueKind[], r: KeyRange, key: Key): boolean =>
  (r.lo === null || compareKeys(kinds, key, r.lo) >= 0) &&
  (r.hi === null || compareKeys(kinds, key, r.hi) < 0);
