import { describe, expect, it } from "vitest";
import { PendingForeignKeys } from "./pending-foreign-keys";

const fk = (table: string, references: string) => ({ schema: "s", table, references: `s.${references}` });

describe("PendingForeignKeys", () => {
  it("hands out an FK once both its tables are keyed, whichever is keyed last, and only once", () => {
    const pending = new PendingForeignKeys<ReturnType<typeof fk>>();
    const orders = fk("orders", "customers");
    const items = fk("items", "orders");
    const self = fk("staff", "staff");
    pending.add([orders, items, self]);
    const keyed = new Set<string>();

    keyed.add("s.orders");
    expect(pending.ready("s.orders", keyed)).toEqual([]); // customers not keyed yet
    keyed.add("s.customers");
    expect(pending.ready("s.customers", keyed)).toEqual([orders]);
    keyed.add("s.items");
    expect(pending.ready("s.items", keyed)).toEqual([items]);
    expect(pending.ready("s.orders", keyed)).toEqual([]); // already handed out
    keyed.add("s.staff");
    expect(pending.ready("s.staff", keyed)).toEqual([self]);
  });
});
