import type { Connection, RowDataPacket } from "mysql2/promise";
import type { ConnectionTestResult, SourceTable } from "@/contracts/connections";
import type { CatalogTable } from "@/server/catalog/catalog";
import type { ReadRowsOptions, SourceConnector } from "@/server/connectors/connector";
import { DomainError } from "@/server/errors";
import { mapMysqlType } from "@/server/typemap/mysql-types";
import { connectMysql } from "./connect";
import { MYSQL_BYTES_BASIS, mysqlTableBytes } from "./estimate-bytes";
import { countRows, introspectMysql, isTable, listObjects } from "./introspect";
import type { MysqlConnectionSettings } from "./mysql-config";
import { readMysqlRows } from "./read-rows";
import { testMysql } from "./test-mysql";

/**
 * MySQL and MariaDB. Connects lazily, so a connection test reports an unreachable server or a wrong password
 * as a problem instead of failing; every readRows has a connection of its own, so tables read in parallel.
 */
export function openMysqlSource(settings: MysqlConnectionSettings): SourceConnector {
  let meta: Promise<Connection> | null = null;
  const open = new Set<Connection>();
  const metaConnection = () => (meta ??= connectMysql(settings).then((c) => (open.add(c), c)));

  return {
    engine: "mysql",
    capabilities: { schemaFromPgDump: false },
    consistency:
      "MySQL/MariaDB was read live: each table in one statement (a consistent snapshot for InnoDB); rows written during the run show up as differences.",
    mapType: mapMysqlType,
    bytesBasis: MYSQL_BYTES_BASIS,

    async test(): Promise<ConnectionTestResult> {
      let conn: Connection;
      try {
        conn = await metaConnection();
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return {
          ok: false,
          engine: "mysql",
          serverVersion: null,
          currentUser: null,
          database: settings.database,
          encoding: null,
          sizeBytes: null,
          tableCount: null,
          canBeTarget: false,
          problems: [err.message],
          notes: [],
          testedAt: new Date().toISOString(),
        };
      }
      return testMysql(conn, settings);
    },

    async listTables(): Promise<SourceTable[]> {
      const conn = await metaConnection();
      const names = (await listObjects(conn)).filter((o) => isTable(o.type)).map((o) => o.name);
      const [shape] = await conn.query<RowDataPacket[]>(
        `SELECT c.TABLE_NAME AS t, COUNT(*) AS n,
                MAX(EXISTS(SELECT 1 FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA
                             AND s.TABLE_NAME = c.TABLE_NAME AND s.INDEX_NAME = 'PRIMARY')) AS pk
           FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() GROUP BY c.TABLE_NAME`,
      );
      const out: SourceTable[] = [];
      for (const name of names) {
        const s = shape.find((r) => r.t === name);
        out.push({
          schema: null,
          name,
          rowCount: await countRows(conn, name),
          columnCount: Number(s?.n ?? 0),
          hasPrimaryKey: Number(s?.pk ?? 0) === 1,
        });
      }
      return out;
    },

    async introspect(only) {
      return introspectMysql(await metaConnection(), only);
    },

    async estimateBytes(table) {
      return mysqlTableBytes(await metaConnection(), table.name);
    },

    async *readRows(table: CatalogTable, opts: ReadRowsOptions) {
      const conn = await connectMysql(settings);
      open.add(conn);
      let finished = false;
      try {
        yield* readMysqlRows(conn, table, opts);
        finished = true;
      } finally {
        open.delete(conn);
        // A stream abandoned half way leaves the connection mid-result: destroy rather than end it.
        if (finished) await conn.end().catch(() => conn.destroy());
        else conn.destroy();
      }
    },

    async fingerprint() {
      const [[r]] = await (
        await metaConnection()
      )
        .query<RowDataPacket[]>(
          "SELECT VERSION() AS v, @@hostname AS h, @@port AS p, DATABASE() AS d, @@server_uuid AS u",
        )
        .catch(async () =>
          (await metaConnection()).query<RowDataPacket[]>(
            "SELECT VERSION() AS v, @@hostname AS h, @@port AS p, DATABASE() AS d, NULL AS u",
          ),
        );
      return `mysql:${String(r!.v)}@${String(r!.h)}:${String(r!.p)}/${String(r!.d)}${r!.u ? ` (${String(r!.u)})` : ""}`;
    },

    async close() {
      await Promise.all([...open].map((c) => c.end().catch(() => c.destroy())));
      open.clear();
      meta = null;
    },
  };
}
