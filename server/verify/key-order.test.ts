import { describe, expect, it } from "vitest";
import { compareKeys, compareValue, inRange, keyText } from "./key-order";

const hex = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return b.toString("hex");
};

describe("key order", () => {
  it('orders as PostgreSQL does: numbers by value, text bytewise (COLLATE "C"), NULL last', () => {
    expect(compareValue("int", "10", "9")).toBe(1);
    expect(compareValue("int", "-9223372036854775808", "1")).toBe(-1);
    expect(compareValue("numeric", "1.5", "1.50")).toBe(0);
    expect(compareValue("numeric", "2", "10.1")).toBe(-1);
    expect(compareValue("float", hex(-2), hex(1))).toBe(-1);
    expect(compareValue("float", hex(Number.NaN), hex(1e300))).toBe(1);
    expect(compareValue("text", "B", "a")).toBe(-1);
    expect(compareValue("text", "é", "z")).toBe(1);
    expect(compareValue("text", "\u{1F44B}", "\uFFFF")).toBe(1); // UTF-8 bytes, not UTF-16 units
    expect(compareValue("timestamp", "2024-01-02 00:00:00.000000", "2024-01-10 00:00:00.000000")).toBe(-1);
    expect(compareValue("int", null, "1")).toBe(1);
  });

  it("compares composite keys column by column, and tests half-open ranges", () => {
    expect(compareKeys(["int", "text"], ["7", "k10"], ["7", "k7"])).toBe(-1);
    expect(compareKeys(["int", "text"], ["8", "a"], ["7", "z"])).toBe(1);
    const range = { lo: ["7", "k7"], hi: ["8", "a"] };
    expect(inRange(["int", "text"], range, ["7", "k7"])).toBe(true);
    expect(inRange(["int", "text"], range, ["8", "a"])).toBe(false);
    expect(inRange(["int", "text"], { lo: null, hi: null }, ["1", "x"])).toBe(true);
    expect(keyText(["7", "k7"])).toBe("7, k7");
  });
});
