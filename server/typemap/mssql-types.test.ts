import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { mapMssqlType } from "./mssql-types";

const map = (t: string) => mapMssqlType(t);

describe("SQL Server → PostgreSQL types", () => {
  it.each([
    ["bit", "boolean", "bool"],
    ["tinyint", "smallint", "int"],
    ["smallint", "smallint", "int"],
    ["int", "integer", "int"],
    ["bigint", "bigint", "int"],
    ["decimal(19,4)", "numeric(19,4)", "numeric"],
    ["numeric(38,0)", "numeric(38,0)", "numeric"],
    ["decimal", "numeric(18,0)", "numeric"],
    ["money", "numeric(19,4)", "numeric"],
    ["smallmoney", "numeric(10,4)", "numeric"],
    ["float(53)", "double precision", "float"],
    ["float", "double precision", "float"],
    ["float(24)", "real", "float"],
    ["real", "real", "float"],
    ["date", "date", "date"],
    ["time(7)", "time(6)", "text"],
    ["time(0)", "time(0)", "text"],
    ["datetime", "timestamp(3)", "timestamp"],
    ["smalldatetime", "timestamp(0)", "timestamp"],
    ["datetime2(7)", "timestamp(6)", "timestamp"],
    ["datetime2(3)", "timestamp(3)", "timestamp"],
    ["datetime2", "timestamp(6)", "timestamp"],
    ["datetimeoffset(7)", "timestamptz(6)", "timestamptz"],
    ["datetimeoffset(0)", "timestamptz(0)", "timestamptz"],
    ["char(10)", "varchar(10)", "text"],
    ["nchar(3)", "varchar(3)", "text"],
    ["varchar(8000)", "varchar(8000)", "text"],
    ["nvarchar(50)", "varchar(50)", "text"],
    ["nvarchar(max)", "text", "text"],
    ["varchar(MAX)", "text", "text"],
    ["text", "text", "text"],
    ["ntext", "text", "text"],
    ["binary(16)", "bytea", "bytea"],
    ["varbinary(max)", "bytea", "bytea"],
    ["image", "bytea", "bytea"],
    ["rowversion", "bytea", "bytea"],
    ["timestamp", "bytea", "bytea"],
    ["uniqueidentifier", "uuid", "text"],
    ["xml", "xml", "text"],
    ["NVARCHAR ( 20 )", "varchar(20)", "text"],
  ])("%s → %s (%s)", (declared, pgType, kind) => {
    expect(map(declared)).toEqual({ pgType, kind });
  });

  it.each(["sql_variant", "hierarchyid", "geography", "geometry"])(
    "refuses %s at plan time, with what to do instead",
    (declared) => {
      let err: unknown;
      try {
        map(declared);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe("unsupported_type");
      expect((err as DomainError).message).toMatch(new RegExp(`^SQL Server type ${declared}: `));
      expect((err as DomainError).message).toMatch(/leave the table out/);
    },
  );

  it("refuses a type it does not know (a CLR user-defined type) rather than guessing", () => {
    expect(() => map("dbo.PhoneNumberClr")).toThrow(/has no PostgreSQL mapping/);
    expect(() => map("cursor")).toThrow(/has no PostgreSQL mapping/);
  });
});
