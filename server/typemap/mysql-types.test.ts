import { describe, expect, it } from "vitest";
import { enumValues, mapMysqlType } from "./mysql-types";

const map = (t: string, mysqlTinyint1: "boolean" | "smallint" = "boolean") =>
  mapMysqlType(t, { mysqlTinyint1 }).pgType;

describe("MySQL → PostgreSQL types", () => {
  it("widens unsigned integers to a type that holds their whole range", () => {
    expect(map("tinyint(4)")).toBe("smallint");
    expect(map("tinyint(3) unsigned")).toBe("smallint");
    expect(map("smallint(6)")).toBe("smallint");
    expect(map("smallint(5) unsigned")).toBe("integer");
    expect(map("mediumint(8) unsigned")).toBe("integer");
    expect(map("int(11)")).toBe("integer");
    expect(map("int(10) unsigned")).toBe("bigint");
    expect(map("int(10) unsigned zerofill")).toBe("bigint");
    expect(map("bigint(20)")).toBe("bigint");
    expect(map("bigint(20) unsigned")).toBe("numeric(20,0)");
    expect(mapMysqlType("bigint(20) unsigned", { mysqlTinyint1: "boolean" }).kind).toBe("numeric");
    // An AUTO_INCREMENT key stays an identity column.
    expect(map("bigint(20) unsigned auto_increment")).toBe("bigint");
  });

  it("maps tinyint(1) to boolean unless asked for smallint", () => {
    expect(map("tinyint(1)")).toBe("boolean");
    expect(map("tinyint(1)", "smallint")).toBe("smallint");
    expect(map("tinyint(1) unsigned")).toBe("smallint");
  });

  it("keeps precision, lengths and fractional seconds", () => {
    expect(map("decimal(65,30)")).toBe("numeric(65,30)");
    expect(map("decimal(10,2) unsigned")).toBe("numeric(10,2)");
    expect(map("float")).toBe("real");
    expect(map("float(7,3)")).toBe("real");
    expect(map("double")).toBe("double precision");
    expect(map("bit(12)")).toBe("bit(12)");
    expect(map("char(3)")).toBe("varchar(3)");
    expect(map("varchar(255)")).toBe("varchar(255)");
    expect(map("mediumtext")).toBe("text");
    expect(map("varbinary(16)")).toBe("bytea");
    expect(map("longblob")).toBe("bytea");
    expect(map("date")).toBe("date");
    expect(map("datetime(6)")).toBe("timestamp(6)");
    expect(map("datetime")).toBe("timestamp(0)");
    expect(map("timestamp(3)")).toBe("timestamp(3) with time zone");
    expect(map("time(2)")).toBe("time(2)");
    expect(map("year(4)")).toBe("smallint");
    expect(map("json")).toBe("jsonb");
    expect(map("set('a','b')")).toBe("text[]");
  });

  it("turns an ENUM into text with its values for a CHECK constraint", () => {
    expect(mapMysqlType("enum('x','it''s','b\\\\s','c,d')", { mysqlTinyint1: "boolean" })).toEqual({
      pgType: "text",
      kind: "text",
      allowed: ["x", "it's", "b\\s", "c,d"],
    });
    expect(enumValues("set('p','q r','')")).toEqual(["p", "q r", ""]);
  });

  it("refuses spatial and unknown types in words", () => {
    expect(() => map("point")).toThrow(/spatial types are not supported yet; exclude the table or convert/);
    expect(() => map("geometry")).toThrow(/spatial/);
    expect(() => map("vector(3)")).toThrow(/no PostgreSQL mapping/);
  });
});
