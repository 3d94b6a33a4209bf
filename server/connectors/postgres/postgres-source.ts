import { postgresValueKind } from "@/server/typemap/postgres-types";
import pg from "pg";
import type { ConnectionTestResult, SourceTable } from "@/contracts/connections";
import type { SourceConnector } from "@/server/connectors/connector";
import { connectPg } from "./connect";
import { beginSnapshotRead, copyOut, SnapshotGone } from "./copy-out";
import { countTables, introspectPostgres, nextToCount, plansWithEstimate } from "./introspect-postgres";
import { readInventory } from "./inventory";
import { readPostgresRows } from "./read-rows";
import { readServerMajor } from "./server-major";
import type { PgConnectionSettings } from "./pg-config";
import { testPostgres } from "./test-postgres";

const MAX_IDLE_SESSIONS = 4;

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
  // The first read's session connects while the snapshot is exported (each connection is a round of waiting).
  const firstRead = connectPg(settings, "ferry-read").catch(() => null);
  const holder = await connectPg(settings, "ferry-snapshot").catch(async (err: unknown) => {
    await (await firstRead)?.end().catch(() => undefined);
    throw err;
  });
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

  // Sessions are kept between reads: a new backend costs more than most of the checks and catalog reads a
  // run makes, and a run makes dozens before its first COPY. A kept session's transaction is ended by the
  // next use's begin, in the same round trip (verifying a schema of many tables makes thousands of reads).
  const idle: { client: pg.Client; inTransaction: boolean }[] = [];
  let closed = false;
  const first = await firstRead;
  if (first) idle.push({ client: first, inTransaction: false });

  async function snapshotSession(): Promise<pg.Client> {
    const kept = idle.pop();
    if (kept) {
      try {
        await beginSnapshotRead(kept.client, snapshot.id, { commitFirst: kept.inTransaction });
        return kept.client;
      } catch (err) {
        await kept.client.end().catch(() => undefined);
        if (err instanceof SnapshotGone) throw err;
        // The kept session was lost while idle: a new one below.
      }
    }
    const client = await connectPg(settings, "ferry-read");
    try {
      await beginSnapshotRead(client, snapshot.id);
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  async function withSession<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await snapshotSession();
    let keep = false;
    try {
      const result = await fn(client);
      keep = !closed && idle.length < MAX_IDLE_SESSIONS;
      return result;
    } finally {
      if (keep) idle.push({ client, inTransaction: true });
      else await client.end().catch(() => undefined);
    }
  }

  let serverMajor: Promise<number> | undefined;
  return {
    engine: "postgres",
    capabilities: { schemaFromPgDump: true },
    // A PostgreSQL source keeps its types.
    mapType: (declared) => ({ pgType: declared, kind: postgresValueKind(declared) }),
    bytesBasis: "storage size from pg_table_size (heap, TOAST and free space; indexes not counted)",
    settings,
    snapshot,
    withSession,
    // Asked by the schema and data phases alike: one round trip for the source's life.
    serverMajor: () => (serverMajor ??= readServerMajor(holder)),

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
      const catalog = await withSession(introspectPostgres);
      for (const t of catalog.tables) if (plansWithEstimate(t)) t.rowCountEstimated = true;
      // Exact counts, largest tables first, on two sessions of the snapshot: they are most of a plan's time.
      const queue = catalog.tables
        .filter((t) => !t.rowCountEstimated)
        .sort((a, b) => b.rowCount - a.rowCount);
      const counter = () =>
        withSession(async (c) => {
          for (let next = nextToCount(queue); next.length; next = nextToCount(queue))
            await countTables(c, next);
        });
      await Promise.all([counter(), counter()]);
      return catalog;
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
      closed = true;
      await Promise.all(idle.splice(0).map(({ client }) => client.end().catch(() => undefined)));
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end().catch(() => undefined);
    },
  };
}
