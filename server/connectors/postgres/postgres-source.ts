import { postgresValueKind } from "@/server/typemap/postgres-types";
import pg from "pg";
import type { ConnectionTestResult, SourceTable } from "@/contracts/connections";
import type { SourceConnector } from "@/server/connectors/connector";
import { connectPg } from "./connect";
import { beginSnapshotRead, copyOut } from "./copy-out";
import { countTables, introspectPostgres } from "./introspect-postgres";
import { readInventory } from "./inventory";
import { readPostgresRows } from "./read-rows";
import type { PgConnectionSettings } from "./pg-config";
import { testPostgres } from "./test-postgres";

export type PostgresSource = SourceConnector & {
  readonly settings: PgConnectionSettings;
  /** The exported snapshot every read shares, or null with the reason it could not be taken. */
  readonly snapshot: { id: string | null; problem: string | null };
  /** A session that sees exactly the snapshot, for verification queries on the source side. */
  withSession<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  serverMajor(): Promise<number>;
};

/**
 * A PostgreSQL source. With `consistent`, one session exports a snapshot and stays open for the run; every
 * COPY and check then reads that same instant (pg_export_snapshot / SET TRANSACTION SNAPSHOT).
 */
export async function openPostgresSource(
  settings: PgConnectionSettings,
  opts: { consistent: boolean },
): Promise<PostgresSource> {
  const holder = await connectPg(settings, "ferry-snapshot");
  const snapshot = { id: null as string | null, problem: null as string | null };
  if (opts.consistent) {
    try {
      await holder.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      snapshot.id = (await holder.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id;
    } catch (err) {
      await holder.query("ROLLBACK").catch(() => undefined);
      snapshot.problem = `The source could not export a snapshot (${(err as Error).message}); tables are read one after another and may not be mutually consistent if the source is being written.`;
    }
  }

  async function withSession<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await connectPg(settings, "ferry-read");
    try {
      await beginSnapshotRead(client, snapshot.id);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  return {
    engine: "postgres",
    capabilities: { schemaFromPgDump: true },
    // A PostgreSQL source keeps its types.
    mapType: (declared) => ({ pgType: declared, kind: postgresValueKind(declared) }),
    bytesBasis: "storage size from pg_table_size (heap, TOAST and free space; indexes not counted)",
    settings,
    snapshot,
    withSession,
    serverMajor: async () =>
      Math.floor(
        Number(
          (await holder.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v,
        ) / 10000,
      ),

    async test(): Promise<ConnectionTestResult> {
      const base = await testPostgres(settings);
      if (!base.serverVersion) return base;
      const inventory = await readInventory(holder);
      const counts = Object.entries(inventory)
        .filter(([, v]) => v.length)
        .map(([k, v]) => `${v.length} ${k}`);
      return {
        ...base,
        notes: [
          ...base.notes,
          `Objects: ${counts.join(", ")}.`,
          `Extensions: ${inventory.extensions.join(", ") || "none"}.`,
        ],
      };
    },

    async listTables(): Promise<SourceTable[]> {
      const catalog = await introspectPostgres(holder);
      await countTables(holder, catalog.tables);
      return catalog.tables.map((t) => ({
        schema: t.schema,
        name: t.name,
        rowCount: t.rowCount,
        columnCount: t.columns.length,
        hasPrimaryKey: t.primaryKey !== null,
      }));
    },

    async introspect() {
      return withSession(async (c) => {
        const catalog = await introspectPostgres(c);
        await countTables(c, catalog.tables);
        return catalog;
      });
    },

    readRows: (table, opts) => readPostgresRows(settings, snapshot.id, table, opts),

    readCopyText: (table, columns, opts) => copyOut(settings, snapshot.id, table, columns, opts),

    async estimateBytes(table) {
      const { rows } = await holder.query<{ n: string }>(
        "SELECT pg_table_size(format('%I.%I', $1::text, $2::text)::regclass)::text AS n",
        [table.schema, table.name],
      );
      return Number(rows[0]!.n);
    },

    async fingerprint() {
      const { rows } = await holder.query<{ v: string; lsn: string | null }>(
        "SELECT current_setting('server_version') AS v, CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text ELSE pg_current_wal_lsn()::text END AS lsn",
      );
      return `PostgreSQL ${rows[0]!.v}; snapshot ${snapshot.id ?? "none (not consistent)"}; WAL LSN ${rows[0]!.lsn}`;
    },

    async close() {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end().catch(() => undefined);
    },
  };
}
