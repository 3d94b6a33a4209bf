import { describe, expect, it } from "vitest";
import { toInputText } from "@/server/copy/source-values";
import { mapMssqlType } from "@/server/typemap/mssql-types";
import { canonicalValue } from "@/server/verify/canonical";
import { fromTediousValue, selectSql } from "./read-rows";

/**
 * Dates as tedious 19 builds them with useUTC (value-parser.js readTime/readDateTime2/readDateTimeOffset):
 * whole milliseconds in the Date, the 100-ns ticks below them in a non-enumerable nanosecondsDelta.
 */
function tediousDate(isoMillis: string, ticksBelowMs = 0): Date {
  const d = new Date(isoMillis);
  Object.defineProperty(d, "nanosecondsDelta", { enumerable: false, value: ticksBelowMs / Math.pow(10, 7) });
  return d;
}

/** Through the copy's encoder and the verifier, as a column of this declared type. */
function carried(declared: string, tediousValue: unknown) {
  const { pgType, kind } = mapMssqlType(declared);
  const v = fromTediousValue(declared, tediousValue);
  return { input: toInputText(kind, v, "c"), canonical: canonicalValue(kind, pgType, v, "c") };
}

describe("fromTediousValue → COPY input and canonical text", () => {
  it("datetime2(7) keeps microseconds and drops the 100-ns digit", () => {
    // 2024-02-29 23:59:59.9999999: 999 ms + 9999 ticks
    expect(carried("datetime2(7)", tediousDate("2024-02-29T23:59:59.999Z", 9999))).toEqual({
      input: "2024-02-29 23:59:59.999999",
      canonical: "2024-02-29 23:59:59.999999",
    });
    expect(carried("datetime2(0)", tediousDate("0001-01-01T00:00:00.000Z")).input).toBe(
      "0001-01-01 00:00:00.000000",
    );
  });

  it("datetimeoffset is carried as its UTC instant", () => {
    // '2023-06-01 09:30:00.1234567 +02:00' arrives as 07:30:00.123 UTC + 4567 ticks
    const v = tediousDate("2023-06-01T07:30:00.123Z", 4567);
    expect(carried("datetimeoffset(7)", v)).toEqual({
      input: "2023-06-01 07:30:00.123456+00",
      canonical: "2023-06-01 07:30:00.123456",
    });
  });

  it("datetime and smalldatetime arrive as whole milliseconds / minutes", () => {
    // datetime '2011-05-31 00:00:00.003' (one 1/300 s tick) → tedious rounds to 3 ms
    expect(carried("datetime", tediousDate("2011-05-31T00:00:00.003Z")).input).toBe(
      "2011-05-31 00:00:00.003000",
    );
    expect(carried("smalldatetime", tediousDate("2011-05-31T14:05:00.000Z")).input).toBe(
      "2011-05-31 14:05:00.000000",
    );
  });

  it("date and time print as PostgreSQL prints them", () => {
    expect(carried("date", tediousDate("1969-07-20T00:00:00.000Z"))).toEqual({
      input: "1969-07-20",
      canonical: "1969-07-20",
    });
    expect(carried("time(7)", tediousDate("1970-01-01T12:34:56.500Z")).canonical).toBe("12:34:56.5");
    expect(carried("time(0)", tediousDate("1970-01-01T08:00:00.000Z")).canonical).toBe("08:00:00");
    expect(carried("time(7)", tediousDate("1970-01-01T00:00:00.000Z", 10)).canonical).toBe("00:00:00.000001");
  });

  it("uniqueidentifier compares as PostgreSQL prints uuid", () => {
    expect(carried("uniqueidentifier", "6F9619FF-8B86-D011-B42D-00C04FD430C8").canonical).toBe(
      "6f9619ff-8b86-d011-b42d-00c04fd430c8",
    );
  });

  it("passes bit, integers, floats, exact decimals and bytes through", () => {
    expect(carried("bit", true)).toEqual({ input: "t", canonical: "true" });
    expect(carried("tinyint", 255).input).toBe("255");
    expect(carried("bigint", "-9223372036854775808").input).toBe("-9223372036854775808"); // tedious: string
    expect(carried("float(53)", 0.1).canonical).toBe("3fb999999999999a");
    // real arrives widened to binary64; PostgreSQL's real keeps the same value
    expect(carried("real", Math.fround(0.1)).input).toBe("0.10000000149011612");
    // decimal and money are read as text (CONVERT in selectSql), so nothing is rounded
    expect(carried("decimal(38,6)", "12345678901234567890123456789012.123456").canonical).toBe(
      "12345678901234567890123456789012.123456",
    );
    expect(carried("money", "922337203685477.5807").canonical).toBe("922337203685477.5807");
    expect(carried("money", "-1.5000").canonical).toBe("-1.5");
    expect(carried("rowversion", Buffer.from("00000000000007d1", "hex"))).toEqual({
      input: "\\x00000000000007d1",
      canonical: "00000000000007d1",
    });
    expect(carried("varbinary(max)", Buffer.alloc(0)).input).toBe("\\x");
    expect(carried("nvarchar(50)", "Ünïcødé 한국어").input).toBe("Ünïcødé 한국어");
    expect(carried("char(3)", "ab ").input).toBe("ab "); // padded as SQL Server returns it
    expect(carried("xml", '<a b="1"/>').input).toBe('<a b="1"/>');
    expect(carried("int", null).input).toBeNull();
  });

  it("refuses a NUL in text rather than truncating it", () => {
    expect(() => carried("nvarchar(10)", "a\0b")).toThrow(/NUL/);
  });
});

describe("selectSql", () => {
  const table = {
    primaryKey: ["Region Code", "Id", "Guid"],
    columns: [
      { name: "Region Code", declaredType: "varchar(3)", nullable: false, position: 1 },
      { name: "Id", declaredType: "int", nullable: false, position: 2 },
      { name: "Guid", declaredType: "uniqueidentifier", nullable: false, position: 3 },
      { name: "Price]x", declaredType: "money", nullable: true, position: 4 },
      { name: "Total", declaredType: "decimal(19,4)", nullable: true, position: 5 },
      { name: "Name", declaredType: "nvarchar(50)", nullable: true, position: 6 },
    ],
  };
  const source = { schema: "Sales", name: "Order Lines" };

  it("reads decimals and money as exact text and quotes odd names", () => {
    expect(selectSql(source, table, ["Id", "Price]x", "Total", "Name"], false)).toBe(
      "SELECT [Id], CONVERT(varchar(32), [Price]]x], 2), CONVERT(varchar(48), [Total]), [Name] FROM [Sales].[Order Lines]",
    );
  });

  it("orders by the key as PostgreSQL will: text by code point, uniqueidentifier by its printed form", () => {
    expect(selectSql(source, table, ["Id"], true)).toBe(
      "SELECT [Id] FROM [Sales].[Order Lines] ORDER BY CONVERT(nvarchar(4000), [Region Code]) COLLATE Latin1_General_100_BIN2, [Id], CONVERT(char(36), [Guid]) COLLATE Latin1_General_100_BIN2",
    );
    expect(selectSql(source, { ...table, primaryKey: null }, ["Id"], true)).toBe(
      "SELECT [Id] FROM [Sales].[Order Lines]",
    );
  });
});
