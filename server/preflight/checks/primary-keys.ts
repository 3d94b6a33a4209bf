import { tableKey } from "@/server/catalog/catalog";
import { firstFew } from "@/server/migrations/plan-migration";
import { pass, warn, type PreflightCheck } from "../check";

export const primaryKeys: PreflightCheck = {
  id: "primary-keys",
  title: "Every table has a primary key",
  appliesTo: (ctx) => ctx.tables.length > 0,
  async run(ctx) {
    const without = ctx.tables.filter((t) => !t.primaryKey?.length).map(tableKey);
    if (!without.length) return pass(`All ${ctx.tables.length} table(s) have a primary key.`);
    return warn(
      `${without.length} table(s) have no primary key: ${firstFew(without)}. Such a table cannot be chunked into key ranges (it copies whole, in one transaction, with no resume inside it) and a differing row cannot be localised by key: verification can only say the table differs, using an order-independent checksum.`,
      `Add a primary key in the source where the data has one (ALTER TABLE … ADD PRIMARY KEY (…)), or accept whole-table copies and table-level verification for ${firstFew(without, 3)}.`,
    );
  },
};
