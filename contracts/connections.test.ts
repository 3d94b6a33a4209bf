import { describe, expect, it } from "vitest";
import { findTables } from "./connections";

const tables = [
  { schema: "public", name: "audit_log" },
  { schema: "Sales Data", name: "Orders 注文" },
  { schema: "sales", name: "order_items" },
  { schema: null, name: "Audit Trail" },
];

describe("findTables", () => {
  it("keeps every table for an empty query", () => {
    expect(findTables(tables, "  ")).toEqual(tables);
  });

  it("matches every word in the schema-qualified name, in any case and order", () => {
    expect(findTables(tables, "AUDIT").map((t) => t.name)).toEqual(["audit_log", "Audit Trail"]);
    expect(findTables(tables, "order sales").map((t) => t.name)).toEqual(["Orders 注文", "order_items"]);
    expect(findTables(tables, "注文").map((t) => t.name)).toEqual(["Orders 注文"]);
    expect(findTables(tables, "public.audit").map((t) => t.name)).toEqual(["audit_log"]);
    expect(findTables(tables, "nothing")).toEqual([]);
  });
});
