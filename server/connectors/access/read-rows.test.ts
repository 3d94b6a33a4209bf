import { describe, expect, it } from "vitest";
import { accessDateText, extendedDateText } from "./read-rows";
import { foreignKeysFrom } from "./introspect";

// mdb-reader's conversion of an Access date double: plain linear days since 1899-12-30.
const fromAccess = (days: number) => new Date(Math.round((days - 25569) * 86400 * 1000));

describe("Access values", () => {
  it("renders Date/Time as timestamp text, including Access's negative dates with a time", () => {
    expect(accessDateText(fromAccess(29932))).toBe("1981-12-12 00:00:00.000");
    expect(accessDateText(fromAccess(0.5))).toBe("1899-12-30 12:00:00.000");
    // -1.25 is 1899-12-29 06:00 in Access (the fraction is the time even before day 0)
    expect(accessDateText(fromAccess(-1.25))).toBe("1899-12-29 06:00:00.000");
    expect(accessDateText(fromAccess(-2))).toBe("1899-12-28 00:00:00.000");
    expect(accessDateText(fromAccess(-149008))).toMatch(/^1492-01-10 00:00:00.000$/);
  });

  it("cuts Date/Time Extended to microseconds", () => {
    expect(extendedDateText("2021.06.14 22:45:12.345678900")).toBe("2021-06-14 22:45:12.345678");
    expect(extendedDateText("0100.01.01 00:00:00.000000000")).toBe("0100-01-01 00:00:00.000000");
  });

  it("turns MSysRelationships rows into foreign keys of the child table", () => {
    const row = (szRelationship: string, grbit: number, icolumn: number, col: string, ref: string) => ({
      szRelationship,
      grbit,
      icolumn,
      szObject: "Orders",
      szColumn: col,
      szReferencedObject: "Customers",
      szReferencedColumn: ref,
    });
    const fks = foreignKeysFrom([
      row("CustOrders", 0x1000, 1, "Region", "Region"),
      row("CustOrders", 0x1000, 0, "CustomerID", "ID"),
      row("NotEnforced", 0x2, 0, "Other", "ID"),
    ]);
    expect(fks.get("Orders")).toEqual([
      {
        columns: ["CustomerID", "Region"],
        refTable: "Customers",
        refColumns: ["ID", "Region"],
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
      },
    ]);
  });
});
