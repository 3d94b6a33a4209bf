import { describe, expect, it } from "vitest";
import { parseMssqlDefault } from "./parse-default";

describe("parseMssqlDefault (sys.default_constraints.definition)", () => {
  it("unwraps SQL Server's parentheses around literals", () => {
    expect(parseMssqlDefault(undefined)).toBeUndefined();
    expect(parseMssqlDefault("(NULL)")).toBeUndefined();
    expect(parseMssqlDefault("((0))")).toMatchObject({ kind: "number", text: "0", original: "((0))" });
    expect(parseMssqlDefault("((-2.50))")).toMatchObject({ kind: "number", text: "-2.50" });
    expect(parseMssqlDefault("('it''s')")).toMatchObject({ kind: "string", value: "it's" });
    expect(parseMssqlDefault("(N'한국어')")).toMatchObject({ kind: "string", value: "한국어" });
    expect(parseMssqlDefault("('')")).toMatchObject({ kind: "string", value: "" });
  });

  it("maps the well-known functions", () => {
    expect(parseMssqlDefault("(getdate())")).toMatchObject({ kind: "function", name: "now" });
    expect(parseMssqlDefault("(sysdatetime())")).toMatchObject({ kind: "function", name: "now" });
    expect(parseMssqlDefault("(getutcdate())")).toMatchObject({ kind: "function", name: "utc_now" });
    expect(parseMssqlDefault("(newid())")).toMatchObject({ kind: "function", name: "uuid" });
  });

  it("keeps anything else as an expression", () => {
    expect(parseMssqlDefault("(CONVERT([bit],(0)))")).toMatchObject({ kind: "expression" });
    expect(parseMssqlDefault("((1)+(1))")).toMatchObject({ kind: "expression" });
    expect(parseMssqlDefault("(suser_sname())")).toMatchObject({ kind: "expression" });
  });
});
