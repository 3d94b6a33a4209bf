import { describe, expect, it } from "vitest";
import type { Catalog, CatalogTable } from "@/server/catalog/catalog";
import { wholeDatabase } from "@/server/connectors/postgres/scope";
import { resolveScope, selectsWholeDatabase } from "./resolve-scope";

const table = (schema: string, name: string) => ({ schema, name }) as CatalogTable;
const catalog: Catalog = {
  tables: [
    table("public", "customers"),
    table("public", "orders"),
    table("Sales Data", "Orders 注文"),
    table("archive", "old"),
  ],
};
const none = { includeSchemas: [], excludeSchemas: [], excludeTables: [] };

describe("resolveScope", () => {
  it("copies everything and excludes nothing by default", () => {
    const r = resolveScope(catalog, null, none);
    expect(r.tables).toHaveLength(4);
    expect(r.scope.excludeTables).toEqual([]);
  });

  it("leaves out excluded schemas and tables, and views named by the user", () => {
    const r = resolveScope(catalog, null, {
      ...none,
      excludeSchemas: ["archive"],
      excludeTables: ["public.orders", "public.busy customers"],
    });
    expect(r.tables).toEqual(["public.customers", "Sales Data.Orders 注文"]);
    expect(r.scope.excludeTables).toEqual([
      { schema: "public", name: "orders" },
      { schema: "public", name: "busy customers" },
    ]);
  });

  it("turns a table selection into exclusions of the unselected tables of the schemas in scope", () => {
    const r = resolveScope(catalog, ["Sales Data.Orders 注文"], {
      ...none,
      includeSchemas: ["Sales Data", "public"],
    });
    expect(r.tables).toEqual(["Sales Data.Orders 注文"]);
    expect(r.scope.excludeTables).toEqual([
      { schema: "public", name: "customers" },
      { schema: "public", name: "orders" },
    ]);
  });
});

describe("selectsWholeDatabase", () => {
  it("says, before the catalog is read, exactly what resolveScope's scope will say", () => {
    const choices: Parameters<typeof selectsWholeDatabase>[] = [
      [null, none],
      [["public.orders"], none],
      [null, { ...none, includeSchemas: ["public"] }],
      [null, { ...none, excludeSchemas: ["archive"] }],
      [null, { ...none, excludeTables: ["public.orders"] }],
    ];
    for (const [selected, options] of choices)
      expect(selectsWholeDatabase(selected, options), JSON.stringify([selected, options])).toBe(
        wholeDatabase(resolveScope(catalog, selected, options).scope),
      );
    expect(selectsWholeDatabase(null, none)).toBe(true);
  });
});
