import { describe, expect, it } from "vitest";
import { parseMysqlDefault } from "./parse-default";

const maria = (columnDefault: string | null) => parseMysqlDefault({ columnDefault, extra: "" }, true);
const mysql8 = (columnDefault: string | null, extra = "") =>
  parseMysqlDefault({ columnDefault, extra }, false);

describe("parseMysqlDefault (information_schema.COLUMNS.COLUMN_DEFAULT)", () => {
  it("reads MariaDB's SQL form: quoted strings, bare numbers, NULL, functions", () => {
    expect(maria(null)).toBeUndefined();
    expect(maria("NULL")).toBeUndefined();
    expect(maria("5")).toMatchObject({ kind: "number", text: "5" });
    expect(maria("-1500")).toMatchObject({ kind: "number", text: "-1500" });
    expect(maria("'it''s'")).toMatchObject({ kind: "string", value: "it's", original: "'it''s'" });
    expect(maria("current_timestamp()")).toMatchObject({ kind: "function", name: "now" });
    expect(maria("current_timestamp(3)")).toMatchObject({ kind: "function", name: "now" });
    expect(maria("curdate()")).toMatchObject({ kind: "function", name: "today" });
    expect(maria("utc_timestamp()")).toMatchObject({ kind: "function", name: "utc_now" });
    expect(maria("uuid()")).toMatchObject({ kind: "function", name: "uuid" });
    expect(maria("b'1'")).toMatchObject({ kind: "expression", original: "b'1'" });
    expect(maria("concat('a','b')")).toMatchObject({ kind: "expression" });
  });

  it("reads MySQL's form: bare literal values, expressions marked DEFAULT_GENERATED", () => {
    expect(mysql8("abc")).toMatchObject({ kind: "string", value: "abc" });
    expect(mysql8("it's")).toMatchObject({ kind: "string", value: "it's", original: "'it''s'" });
    expect(mysql8("0")).toMatchObject({ kind: "string", value: "0" });
    expect(mysql8("NULL")).toMatchObject({ kind: "string", value: "NULL" }); // the text NULL, not NULL
    expect(mysql8("CURRENT_TIMESTAMP")).toMatchObject({ kind: "function", name: "now" });
    expect(mysql8("CURRENT_TIMESTAMP(6)", "DEFAULT_GENERATED")).toMatchObject({ name: "now" });
    expect(mysql8("uuid()", "DEFAULT_GENERATED")).toMatchObject({ kind: "function", name: "uuid" });
    expect(mysql8("(`a` + 1)", "DEFAULT_GENERATED")).toMatchObject({ kind: "expression" });
  });
});
