import { describe, expect, it } from "vitest";
import { BucketHasher, bucketOf, differingBuckets, lineMd5, multisetDifference } from "./multiset";

const lines = (n: number) => Array.from({ length: n }, (_, i) => `'${i}','row ${i}'\n`);

describe("bucket multiset hashes", () => {
  it("do not depend on row order", () => {
    const a = new BucketHasher();
    const b = new BucketHasher();
    for (const l of lines(1000)) a.add(l);
    for (const l of lines(1000).reverse()) b.add(l);
    expect(differingBuckets(a.hashes(), b.hashes())).toEqual([]);
  });

  it("a changed row differs in its old and its new bucket only", () => {
    const a = new BucketHasher();
    const b = new BucketHasher();
    const rows = lines(1000);
    for (const l of rows) a.add(l);
    const changed = rows.map((l, i) => (i === 42 ? "'42','changed'\n" : l));
    for (const l of changed) b.add(l);
    const expected = [...new Set([bucketOf(lineMd5(rows[42]!)), bucketOf(lineMd5(changed[42]!))])].sort(
      (x, y) => x - y,
    );
    expect(differingBuckets(a.hashes(), b.hashes())).toEqual(expected);
  });

  it("buckets stay in range and print as count:sum:sum", () => {
    const h = new BucketHasher(4);
    for (const l of lines(50)) expect(h.add(l)).toBeLessThan(4);
    for (const v of h.hashes().values()) expect(v).toMatch(/^\d+:-?\d+:-?\d+$/);
  });

  it("multiset difference counts duplicates", () => {
    expect(multisetDifference(["a", "a", "b"], ["a", "b", "c"])).toEqual({ missing: ["a"], extra: ["c"] });
  });
});
