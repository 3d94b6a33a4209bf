import { describe, expect, it } from "vitest";
import { quoteNullable, segmentLine, truncateValue } from "./segment-line";

describe("segment lines", () => {
  it("quote values as PostgreSQL's quote_nullable does", () => {
    expect(quoteNullable(null)).toBe("NULL");
    expect(quoteNullable("it's")).toBe("'it''s'");
    expect(quoteNullable("a\\b")).toBe("E'a\\\\b'");
    expect(segmentLine(["1", null, "x,y"])).toBe("'1',NULL,'x,y'\n");
    // a comma inside a value cannot pass for a column boundary
    expect(segmentLine(["a','b"])).not.toBe(segmentLine(["a", "b"]));
  });
});

describe("truncateValue", () => {
  it("keeps short values and cuts long ones at 200 UTF-16 units, marked", () => {
    expect(truncateValue(null)).toBeNull();
    expect(truncateValue("x".repeat(200))).toBe("x".repeat(200));
    expect(truncateValue("x".repeat(201))).toBe(`${"x".repeat(200)}…`);
  });

  it("never splits a surrogate pair", () => {
    const s = `${"x".repeat(199)}👋tail`;
    expect(truncateValue(s)).toBe(`${"x".repeat(199)}…`);
    expect(truncateValue(`${"x".repeat(198)}👋tail`)).toBe(`${"x".repeat(198)}👋…`);
  });
});
