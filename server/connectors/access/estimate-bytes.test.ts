import { describe, expect, it } from "vitest";
import { apportionFileBytes, rowWidth } from "./estimate-bytes";

describe("Access byte estimates", () => {
  it("counts declared widths, and a nominal width for long values", () => {
    expect(
      rowWidth([
        { type: "long", size: 4 },
        { type: "text", size: 100 },
        { type: "memo", size: 0 },
      ]),
    ).toBe(4 + 100 + 64);
  });

  it("apportions the file by rows × row width, the shares adding up to the file", () => {
    const bytes = apportionFileBytes(40_000, [
      { name: "big", rowCount: 300, rowWidth: 100 },
      { name: "small", rowCount: 100, rowWidth: 100 },
      { name: "empty", rowCount: 0, rowWidth: 50 },
    ]);
    expect(bytes.get("big")).toBe(30_000);
    expect(bytes.get("small")).toBe(10_000);
    expect(bytes.get("empty")).toBe(0);
    expect(apportionFileBytes(1000, [{ name: "none", rowCount: 0, rowWidth: 8 }]).get("none")).toBe(0);
  });

  it("never gives a table more than its rows × widths: a small file is mostly system pages", () => {
    const bytes = apportionFileBytes(446_464, [
      { name: "Table1", rowCount: 2, rowWidth: 300 },
      { name: "Table2", rowCount: 0, rowWidth: 900 },
    ]);
    expect(bytes.get("Table1")).toBe(600);
    expect(bytes.get("Table2")).toBe(0);
  });
});
