import type { Connection, RowDataPacket } from "mysql2/promise";

export const MYSQL_BYTES_BASIS =
  "storage size from information_schema.TABLES.DATA_LENGTH (the engine's data pages, including their free space; indexes not counted)";

/** The table's storage size as the server's statistics give it; null when the server does not say. */
export async function mysqlTableBytes(conn: Connection, table: string): Promise<number | null> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT DATA_LENGTH AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [table],
  );
  const n = rows[0]?.n;
  return n === null || n === undefined ? null : Number(n);
}
