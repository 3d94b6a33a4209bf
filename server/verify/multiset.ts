import { createHash } from "node:crypto";

/** Hash classes for a table without a key: a differing bucket narrows the search to its rows. */
export const BUCKETS = 256;

export const lineMd5 = (line: string): string => createHash("md5").update(line, "utf8").digest("hex");

/** The bucket of a row: 16 bits of its line's MD5 mod BUCKETS (SQL twin: bucketSql). */
export const bucketOf = (md5: string, buckets = BUCKETS): number => parseInt(md5.slice(28, 32), 16) % buckets;

export const bucketSql = (md5Expr: string, buckets = BUCKETS): string =>
  `(('x' || substr(${md5Expr}, 29, 4))::bit(16)::int % ${buckets})`;

/** SQL aggregates of a bucket: row count and the sums of both 64-bit halves of each line's MD5, as text. */
export const bucketAggSql = (md5Expr: string): string =>
  `count(*)::text || ':' || sum(('x' || substr(${md5Expr}, 1, 16))::bit(64)::bigint::numeric)::text || ':' || sum(('x' || substr(${md5Expr}, 17, 16))::bit(64)::bigint::numeric)::text`;

/** Order-independent hash of a multiset of lines, per bucket; the same text as bucketAggSql. */
export class BucketHasher {
  private readonly sums = new Map<number, { n: number; a: bigint; b: bigint }>();

  constructor(readonly buckets = BUCKETS) {}

  add(line: string): number {
    const h = lineMd5(line);
    const bucket = bucketOf(h, this.buckets);
    const s = this.sums.get(bucket) ?? { n: 0, a: 0n, b: 0n };
    s.n++;
    s.a += BigInt.asIntN(64, BigInt(`0x${h.slice(0, 16)}`));
    s.b += BigInt.asIntN(64, BigInt(`0x${h.slice(16, 32)}`));
    this.sums.set(bucket, s);
    return bucket;
  }

  hashes(): Map<number, string> {
    return new Map([...this.sums].map(([k, s]) => [k, `${s.n}:${s.a}:${s.b}`]));
  }
}

/** Buckets whose hash differs, or that one side lacks. */
export function differingBuckets(a: Map<number, string>, b: Map<number, string>): number[] {
  const all = new Set([...a.keys(), ...b.keys()]);
  return [...all].filter((k) => a.get(k) !== b.get(k)).sort((x, y) => x - y);
}

/** Lines present on one side only, counting duplicates (a multiset difference). */
export function multisetDifference(
  source: readonly string[],
  target: readonly string[],
): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const l of source) counts.set(l, (counts.get(l) ?? 0) + 1);
  const extra: string[] = [];
  for (const l of target) {
    const n = counts.get(l) ?? 0;
    if (n > 0) counts.set(l, n - 1);
    else extra.push(l);
  }
  const missing = [...counts].flatMap(([l, n]) => Array<string>(n).fill(l));
  return { missing, extra };
}
