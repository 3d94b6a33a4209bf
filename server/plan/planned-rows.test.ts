import { describe, expect, it } from "vitest";
import type { CatalogTable } from "@/server/catalog/catalog";
import { plannedRowsLine } from "./planned-rows";

const table = (name: string, rowCount: number, rowCountEstimated?: boolean) => ({
  rowCount,
  source: { name, rowCountEstimated } as CatalogTable,
});

describe("plannedRowsLine", () => {
  it("gives an exact total when every table was counted", () => {
    expect(plannedRowsLine({ tables: [table("a", 1200), table("b", 3)] } as never, "crm")).toBe(
      "Planned 2 table(s) with 1,203 rows from crm.",
    );
  });

  it("says 'about' and names the tables planned from statistics", () => {
    const line = plannedRowsLine(
      { tables: [table("orders", 650_000, true), table("users", 40, false)] } as never,
      "shop",
    );
    expect(line).toMatch(
      /^Planned 2 table\(s\) with about 650,040 rows from shop: 1 large table\(s\) \(orders\)/,
    );
    expect(line).toContain("verification compares exact counts");
  });
});
