import type { SourceTable } from "@/contracts/connections";
import type { CatalogTable } from "@/server/catalog/catalog";
import type { ReadRowsOptions, SourceConnector } from "@/server/connectors/connector";
import { mapMssqlType } from "@/server/typemap/mssql-types";
import { buildMssqlCatalog, type CatalogRows, type MssqlCatalog, type SourceName } from "./build-catalog";
import { COLUMNS_SQL, FOREIGN_KEYS_SQL, INDEXES_SQL, SERVER_SQL, TABLES_SQL } from "./catalog-queries";
import type { MssqlConnectionSettings } from "./config";
import { connectMssql, type MssqlSession } from "./driver";
import { MSSQL_BYTES_BASIS, readPartitionBytes, type PartitionBytesRow } from "./partition-bytes";
import { fromTediousValue, selectSql } from "./read-rows";
import { testMssql, type ServerRow } from "./test-mssql";

/**
 * A SQL Server source. Connects on first use: one session for the catalog, and one per table being read,
 * since a tedious connection runs one request at a time and tables are copied and verified in parallel.
 */
export function openMssqlConnector(settings: MssqlConnectionSettings): SourceConnector {
  let catalogSession: Promise<MssqlSession> | null = null;
  const session = () => (catalogSession ??= connectMssql(settings, "ferry-catalog"));
  let sources = new Map<string, SourceName>();
  let bytes: Promise<Map<string, number>> | null = null;

  async function readCatalog(only?: readonly string[]): Promise<MssqlCatalog> {
    const s = await session();
    // One request at a time on a tedious connection.
    const rows: CatalogRows = {
      tables: await s.query(TABLES_SQL),
      columns: await s.query(COLUMNS_SQL),
      indexes: await s.query(INDEXES_SQL),
      foreignKeys: await s.query(FOREIGN_KEYS_SQL),
    };
    const catalog = buildMssqlCatalog(rows, only);
    sources = catalog.sources;
    return catalog;
  }

  async function sourceOf(table: CatalogTable): Promise<SourceName> {
    if (!sources.has(table.name)) await readCatalog();
    const source = sources.get(table.name);
    if (!source) throw new Error(`Table "${table.name}" is no longer in the SQL Server database.`);
    return source;
  }

  return {
    engine: "mssql",
    capabilities: { schemaFromPgDump: false },
    mapType: (declared) => mapMssqlType(declared),
    bytesBasis: MSSQL_BYTES_BASIS,

    test: () => testMssql(settings, session),

    async listTables(): Promise<SourceTable[]> {
      const { tables } = await readCatalog();
      return tables.map((t) => ({
        schema: null,
        name: t.name,
        rowCount: t.rowCount,
        columnCount: t.columns.length,
        hasPrimaryKey: t.primaryKey !== null,
      }));
    },

    async introspect(only) {
      const { tables, notes } = await readCatalog(only);
      return { tables, notes };
    },

    async *readRows(table: CatalogTable, opts: ReadRowsOptions) {
      const source = await sourceOf(table);
      const sql = selectSql(source, table, opts.columns, opts.orderByKey);
      const declared = opts.columns.map((c) => table.columns.find((x) => x.name === c)!.declaredType);
      const reader = await connectMssql(settings, "ferry-read");
      try {
        for await (const batch of reader.stream(sql, opts.batchRows))
          yield batch.map((row) => row.map((v, i) => fromTediousValue(declared[i]!, v)));
      } finally {
        await reader.close();
      }
    },

    async estimateBytes(table) {
      // One query for every table: the dry run asks table by table.
      const s = await session();
      bytes ??= readPartitionBytes((sql) => s.query<PartitionBytesRow>(sql));
      return (await bytes).get(table.name) ?? null;
    },

    async fingerprint() {
      const [r] = await (await session()).query<ServerRow>(SERVER_SQL);
      return `mssql:${settings.host}:${settings.port}/${r!.database_name} SQL Server ${r!.product_version} (${r!.edition})`;
    },

    async close() {
      const pending = catalogSession;
      catalogSession = null;
      if (pending) await pending.then((s) => s.close()).catch(() => undefined);
    },
  };
}
