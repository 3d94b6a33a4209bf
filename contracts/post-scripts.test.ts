import { describe, expect, it } from "vitest";
import { lineOfPosition, PostScripts } from "./post-scripts";

describe("lineOfPosition", () => {
  it("turns PostgreSQL's 1-based character position into line and column", () => {
    const sql = "SELECT 1;\n  SELEC 2;";
    expect(lineOfPosition(sql, 1)).toEqual({ line: 1, column: 1 });
    expect(lineOfPosition(sql, sql.indexOf("SELEC 2") + 1)).toEqual({ line: 2, column: 3 });
  });
});

describe("PostScripts", () => {
  it("refuses two scripts with one name", () => {
    const r = PostScripts.safeParse([
      { name: "a", sql: "SELECT 1" },
      { name: "a", sql: "SELECT 2" },
    ]);
    expect(r.success).toBe(false);
  });
});
