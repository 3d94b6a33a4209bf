import { describe, expect, it } from "vitest";
import type { CatalogForeignKey, CatalogIndex } from "@/server/catalog/catalog";
import type { TablePlan } from "@/server/plan/build-plan";
import { indexedBothSides } from "./post-data";

const table = (target: string, primaryKey: string[] | null, indexes: CatalogIndex[] = []) =>
  ({ schema: "public", target, primaryKey, indexes }) as unknown as TablePlan;
const fk = (columns: string[], refColumns: string[]): CatalogForeignKey => ({
  columns,
  refTable: "orders",
  refColumns,
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
});

describe("indexedBothSides", () => {
  const orders = table("orders", ["region", "id"]);

  it("holds when an index is led by the FK's columns and the parent's key lists them in the same order", () => {
    const items = table(
      "items",
      ["id"],
      [{ name: "by order", columns: ["region", "order id", "sku"], unique: false }],
    );
    expect(indexedBothSides(items, fk(["region", "order id"], ["region", "id"]), orders)).toBe(true);
  });

  it("does not hold without such an index, with the key in another order, or on a prefix index", () => {
    const plain = table("items", ["id"], [{ name: "by sku", columns: ["sku", "region"], unique: false }]);
    expect(indexedBothSides(plain, fk(["region", "order id"], ["region", "id"]), orders)).toBe(false);
    const items = table(
      "items",
      ["id"],
      [{ name: "by order", columns: ["order id", "region"], unique: false }],
    );
    expect(indexedBothSides(items, fk(["order id", "region"], ["id", "region"]), orders)).toBe(false);
    const prefixed = table(
      "items",
      ["id"],
      [{ name: "by order", columns: ["region", "order id"], unique: false, prefixLengths: [4, null] }],
    );
    expect(indexedBothSides(prefixed, fk(["region", "order id"], ["region", "id"]), orders)).toBe(false);
    expect(indexedBothSides(plain, fk(["id"], ["region", "id"]), undefined)).toBe(false);
  });

  it("takes a parent's unique index where its key does not match, never a plain one", () => {
    const items = table("items", null, [{ name: "by order", columns: ["order no"], unique: false }]);
    const unique = table("orders", ["id"], [{ name: "order no", columns: ["no"], unique: true }]);
    const plainParent = table("orders", ["id"], [{ name: "order no", columns: ["no"], unique: false }]);
    expect(indexedBothSides(items, fk(["order no"], ["no"]), unique)).toBe(true);
    expect(indexedBothSides(items, fk(["order no"], ["no"]), plainParent)).toBe(false);
  });
});
