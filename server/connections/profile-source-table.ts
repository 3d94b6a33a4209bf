import type { ColumnProfile } from "@/contracts/connections";
import { MigrationOptions } from "@/contracts/migrations";
import { tableKey } from "@/server/catalog/catalog";
import { notFound } from "@/server/errors";
import { loadConnection } from "./load-connection";
import { openSource } from "./open-source";

/** One table's column profile with the proposed types; engines that keep their own types have none. */
export async function profileSourceTable(
  id: string,
  table: string,
  options: Partial<MigrationOptions>,
): Promise<ColumnProfile[]> {
  const source = await openSource(await loadConnection(id));
  try {
    if (!source.profileColumns) return [];
    const catalog = await source.introspect([table]);
    const found = catalog.tables.find((t) => tableKey(t) === table);
    if (!found) throw notFound(`Table "${table}" in this source`);
    return await source.profileColumns(found, MigrationOptions.parse(options));
  } finally {
    await source.close();
  }
}
