import { describe, expect, it } from "vitest";
import { mapSqliteType } from "./sqlite-types";

const map = (t: string, dates: "map" | "text" = "map") => mapSqliteType(t, { dates }).pgType;

describe("SQLite → PostgreSQL types", () => {
  it("follows SQLite's affinity rules", () => {
    expect(map("INTEGER")).toBe("bigint");
    expect(map("UNSIGNED BIG INT")).toBe("bigint");
    expect(map("NVARCHAR(160)")).toBe("varchar(160)");
    expect(map("CLOB")).toBe("text");
    expect(map("BLOB")).toBe("bytea");
    expect(map("")).toBe("text");
    expect(map("DOUBLE PRECISION")).toBe("double precision");
    expect(map("NUMERIC(10,2)")).toBe("numeric(10,2)");
    expect(map("DECIMAL")).toBe("numeric");
  });

  it("maps declared dates and booleans, or keeps dates as text when asked", () => {
    expect(map("DATETIME")).toBe("timestamp");
    expect(map("DATE")).toBe("date");
    expect(map("DATETIME", "text")).toBe("text");
    expect(map("BOOLEAN")).toBe("boolean");
  });
});
