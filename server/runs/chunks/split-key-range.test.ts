import { describe, expect, it } from "vitest";
import { chunkCount, splitKeyRange } from "./split-key-range";

describe("splitKeyRange", () => {
  it("covers every key exactly once with open outer bounds", () => {
    const ranges = splitKeyRange(1n, 100n, 4);
    expect(ranges).toEqual([
      { lo: null, hi: "26" },
      { lo: "26", hi: "51" },
      { lo: "51", hi: "76" },
      { lo: "76", hi: null },
    ]);
    const owner = (k: bigint) =>
      ranges.filter((r) => (r.lo === null || k >= BigInt(r.lo)) && (r.hi === null || k < BigInt(r.hi)));
    for (let k = -5n; k <= 105n; k++) expect(owner(k)).toHaveLength(1);
  });

  it("handles bigint keys beyond 2^53 and negative keys", () => {
    const ranges = splitKeyRange(-9223372036854775808n, 9223372036854775807n, 3);
    expect(ranges).toHaveLength(3);
    expect(ranges[1]!.lo).toBe("-3074457345618258603");
    expect(BigInt(ranges[1]!.hi!)).toBeGreaterThan(BigInt(ranges[1]!.lo!));
  });

  it("never makes more ranges than keys, nor empty ones", () => {
    expect(splitKeyRange(7n, 9n, 10)).toEqual([
      { lo: null, hi: "8" },
      { lo: "8", hi: "9" },
      { lo: "9", hi: null },
    ]);
    expect(splitKeyRange(5n, 5n, 4)).toEqual([{ lo: null, hi: null }]);
    expect(() => splitKeyRange(2n, 1n, 2)).toThrow(RangeError);
  });

  it("counts chunks by rows", () => {
    expect(chunkCount(0, 1000)).toBe(1);
    expect(chunkCount(1000, 1000)).toBe(1);
    expect(chunkCount(1001, 1000)).toBe(2);
  });

  it("splits into a multiple of the chunks copied at once, and leaves a small table whole", () => {
    expect(chunkCount(650_000, 250_000, 2)).toBe(4);
    expect(chunkCount(500_000, 250_000, 2)).toBe(2);
    expect(chunkCount(900, 1000, 4)).toBe(1);
  });
});
