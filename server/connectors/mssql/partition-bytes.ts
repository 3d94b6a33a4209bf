import { targetTableName } from "./build-catalog";
import { USER_TABLE } from "./catalog-queries";

export const MSSQL_BYTES_BASIS =
  "storage size: used pages × 8 KiB of each table's heap or clustered index, LOB and row-overflow pages included (sys.dm_db_partition_stats; nonclustered indexes not counted)";

/** One row per user table; used_page_count covers in-row, LOB and row-overflow pages of every partition. */
export const PARTITION_BYTES_SQL = `
SELECT s.name AS schema_name, t.name AS table_name,
       CAST(ISNULL(SUM(ps.used_page_count), 0) AS bigint) AS used_pages
FROM sys.tables t
JOIN sys.schemas s ON s.schema_id = t.schema_id
LEFT JOIN sys.dm_db_partition_stats ps ON ps.object_id = t.object_id AND ps.index_id IN (0, 1)
WHERE ${USER_TABLE}
GROUP BY s.name, t.name`;

/** As tedious returns it: bigint as a string. */
export type PartitionBytesRow = { schema_name: string; table_name: string; used_pages: string | number };

const PAGE_BYTES = 8192;

/** Bytes per catalog (= target) table name. */
export function partitionBytes(rows: readonly PartitionBytesRow[]): Map<string, number> {
  return new Map(
    rows.map((r) => [targetTableName(r.schema_name, r.table_name), Number(r.used_pages) * PAGE_BYTES]),
  );
}

/**
 * The query's result, or an empty map where the login may not read the DMV (VIEW DATABASE STATE, SQL Server
 * errors 297/300): the dry run then says "unknown" instead of failing.
 */
export async function readPartitionBytes(
  query: (sql: string) => Promise<PartitionBytesRow[]>,
): Promise<Map<string, number>> {
  try {
    return partitionBytes(await query(PARTITION_BYTES_SQL));
  } catch (err) {
    if (/SQL Server error (297|300|229):/.test((err as Error).message)) return new Map();
    throw err;
  }
}
