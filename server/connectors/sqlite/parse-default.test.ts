import { describe, expect, it } from "vitest";
import { parseSqliteDefault } from "./parse-default";

describe("parseSqliteDefault (PRAGMA table_info dflt_value)", () => {
  it("reads literals, NULL and booleans", () => {
    expect(parseSqliteDefault(null)).toBeUndefined();
    expect(parseSqliteDefault("NULL")).toBeUndefined();
    expect(parseSqliteDefault("42")).toMatchObject({ kind: "number", text: "42" });
    expect(parseSqliteDefault("(-1.5)")).toMatchObject({ kind: "number", text: "-1.5" });
    expect(parseSqliteDefault("'it''s'")).toMatchObject({ kind: "string", value: "it's" });
    expect(parseSqliteDefault("TRUE")).toMatchObject({ kind: "bool", value: true });
  });

  it("knows SQLite's ways of saying now, as the UTC text SQLite writes", () => {
    expect(parseSqliteDefault("CURRENT_TIMESTAMP")).toMatchObject({ kind: "utc_text", format: "timestamp" });
    expect(parseSqliteDefault("(datetime('now'))")).toMatchObject({ kind: "utc_text", format: "timestamp" });
    expect(parseSqliteDefault("CURRENT_DATE")).toMatchObject({ kind: "utc_text", format: "date" });
  });

  it("keeps anything else as an expression with its original text", () => {
    expect(parseSqliteDefault("(datetime('now','localtime'))")).toEqual({
      original: "(datetime('now','localtime'))",
      kind: "expression",
    });
    expect(parseSqliteDefault("(abs(random()) % 10)")).toMatchObject({ kind: "expression" });
    expect(parseSqliteDefault("'a' || 'b'")).toMatchObject({ kind: "expression" });
    expect(parseSqliteDefault("X'00FF'")).toMatchObject({ kind: "expression" });
  });
});
