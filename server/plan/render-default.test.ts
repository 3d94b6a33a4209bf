import { describe, expect, it } from "vitest";
import type { SourceDefault } from "@/server/catalog/catalog";
import type { MappedType } from "@/server/typemap/value-kind";
import { quoteLiteral } from "./identifiers";
import { renderDefault } from "./render-default";

const INT: MappedType = { pgType: "integer", kind: "int" };
const NUM: MappedType = { pgType: "numeric(12,2)", kind: "numeric" };
const BOOL: MappedType = { pgType: "boolean", kind: "bool" };
const TEXT: MappedType = { pgType: "varchar(20)", kind: "text" };
const TS: MappedType = { pgType: "timestamp(0)", kind: "timestamp" };
const TSTZ: MappedType = { pgType: "timestamptz", kind: "timestamptz" };
const DATE: MappedType = { pgType: "date", kind: "date" };
const UUID: MappedType = { pgType: "uuid", kind: "text" };
const BYTEA: MappedType = { pgType: "bytea", kind: "bytea" };

const num = (text: string): SourceDefault => ({ original: text, kind: "number", text });
const str = (value: string): SourceDefault => ({ original: `'${value}'`, kind: "string", value });
const fn = (name: "now" | "utc_now" | "today" | "uuid"): SourceDefault => ({
  original: name,
  kind: "function",
  name,
});

describe("renderDefault", () => {
  it("converts literals to the target type", () => {
    expect(renderDefault(num("5"), INT)).toEqual({ sql: "5" });
    expect(renderDefault(num("+5"), INT)).toEqual({ sql: "5" });
    expect(renderDefault(num("-2.50"), NUM)).toEqual({ sql: "-2.50" });
    expect(renderDefault(num("1"), BOOL)).toEqual({ sql: "true" });
    expect(renderDefault(num("0"), BOOL)).toEqual({ sql: "false" });
    expect(renderDefault(num("7"), TEXT)).toEqual({ sql: "'7'" });
    expect(renderDefault(str("1"), BOOL)).toEqual({ sql: "true" });
    expect(renderDefault(str("42"), INT)).toEqual({ sql: "'42'" });
    expect(renderDefault(str("2024-02-29 10:00:00"), TS)).toEqual({ sql: "'2024-02-29 10:00:00'" });
    expect(renderDefault(str("2024-02-29"), DATE)).toEqual({ sql: "'2024-02-29'" });
    expect(renderDefault({ original: "TRUE", kind: "bool", value: true }, INT)).toEqual({ sql: "1" });
  });

  it("renders strings only through the literal renderer, whatever they hold", () => {
    expect(renderDefault(str("it's"), TEXT)).toEqual({ sql: "'it''s'" });
    expect(renderDefault(str("'); DROP TABLE x; --"), TEXT)).toEqual({ sql: "'''); DROP TABLE x; --'" });
    expect(renderDefault(str("a\\'b"), TEXT)).toEqual({ sql: "E'a\\\\''b'" });
    expect(quoteLiteral("plain")).toBe("'plain'");
  });

  it("maps the well-known functions by target type", () => {
    expect(renderDefault(fn("now"), TS)).toEqual({ sql: "CURRENT_TIMESTAMP" });
    expect(renderDefault(fn("now"), TSTZ)).toEqual({ sql: "CURRENT_TIMESTAMP" });
    expect(renderDefault(fn("now"), DATE)).toEqual({ sql: "CURRENT_DATE" });
    expect(renderDefault(fn("utc_now"), TS)).toEqual({ sql: "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')" });
    expect(renderDefault(fn("uuid"), UUID)).toEqual({ sql: "gen_random_uuid()" });
    expect(renderDefault(fn("uuid"), TEXT)).toEqual({ sql: "gen_random_uuid()::text" });
    expect(
      renderDefault({ original: "CURRENT_TIMESTAMP", kind: "utc_text", format: "timestamp" }, TEXT),
    ).toEqual({ sql: "to_char((CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:MI:SS')" });
  });

  it("leaves out what would not convert, saying why", () => {
    expect(renderDefault(num("1.5"), INT)).toHaveProperty("problem");
    expect(renderDefault(num("2"), BOOL)).toHaveProperty("problem");
    expect(renderDefault(str("abc"), INT)).toHaveProperty("problem");
    expect(renderDefault(str("0000-00-00 00:00:00"), TS)).toHaveProperty("problem");
    expect(renderDefault(str("2023-02-30"), DATE)).toHaveProperty("problem");
    expect(renderDefault(str("x"), BYTEA)).toHaveProperty("problem");
    expect(renderDefault(str("x"), { pgType: "bit(1)", kind: "text" })).toHaveProperty("problem");
    expect(renderDefault(fn("now"), TEXT)).toHaveProperty("problem");
    expect(renderDefault({ original: "random()", kind: "expression" }, INT)).toEqual({
      problem: "an expression Ferry does not translate",
    });
  });
});
