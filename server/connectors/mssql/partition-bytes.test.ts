import { describe, expect, it } from "vitest";
import { partitionBytes, readPartitionBytes, type PartitionBytesRow } from "./partition-bytes";

// Rows in the shape tedious returns PARTITION_BYTES_SQL's result (bigint as string), for the tables of
// __fixtures__/adventureworks-lite.catalog.json; page counts of the order of AdventureWorks 2022's.
const ROWS: PartitionBytesRow[] = [
  { schema_name: "dbo", table_name: "Audit Trail", used_pages: "1604" },
  { schema_name: "dbo", table_name: "ErrorLog", used_pages: "0" },
  { schema_name: "Person", table_name: "Person", used_pages: "3839" },
  { schema_name: "Sales", table_name: "SalesOrderDetail", used_pages: "1240" },
];

describe("SQL Server byte estimates from sys.dm_db_partition_stats", () => {
  it("turns used pages into bytes (8 KiB each), keyed by the catalog's table names", () => {
    const bytes = partitionBytes(ROWS);
    expect(bytes.get("Audit Trail")).toBe(1604 * 8192);
    expect(bytes.get("ErrorLog")).toBe(0);
    expect(bytes.get("Person_Person")).toBe(3839 * 8192);
    expect(bytes.get("Sales_SalesOrderDetail")).toBe(10_158_080);
    expect(bytes.has("SalesOrderDetail")).toBe(false);
  });

  it("reads nothing where the login may not see the DMV, and rethrows anything else", async () => {
    const denied = await readPartitionBytes(() =>
      Promise.reject(
        new Error("SQL Server error 297: The user does not have permission to perform this action."),
      ),
    );
    expect(denied.size).toBe(0);
    await expect(
      readPartitionBytes(() => Promise.reject(new Error("SQL Server: connection lost"))),
    ).rejects.toThrow(/connection lost/);
    expect((await readPartitionBytes(async () => ROWS)).size).toBe(4);
  });
});
