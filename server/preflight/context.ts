import type pg from "pg";
import type { MigrationOptions } from "@/contracts/migrations";
import type { CatalogTable } from "@/server/catalog/catalog";
import { loadConnection, type LoadedConnection } from "@/server/connections/load-connection";
import { openSource } from "@/server/connections/open-source";
import type { SourceConnector } from "@/server/connectors/connector";
import { connectPg } from "@/server/connectors/postgres/connect";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import {
  loadMigration,
  observedRate,
  planFromSource,
  type SourcePlan,
} from "@/server/migrations/plan-migration";

/**
 * What every check reads: the migration, both connections opened once, and the run's own plan. A side that
 * could not be opened is null with the reason, so the checks that need it say so instead of crashing.
 */
export type PreflightContext = {
  migrationId: string;
  options: MigrationOptions;
  source: LoadedConnection;
  target: LoadedConnection;
  /** The source connector, or null with sourceError. */
  connector: SourceConnector | null;
  sourceError: string | null;
  /** A plain session on a PostgreSQL source for catalog queries (locks, privileges); null for other engines. */
  sourcePg: pg.Client | null;
  /** A session on the target, or null with targetError (also when the target is not PostgreSQL). */
  targetPg: pg.Client | null;
  targetError: string | null;
  /** The catalog and plan, when the source could be read. */
  sourcePlan: SourcePlan | null;
  /** The tables the migration copies, as the source describes them (empty if the source could not be read). */
  tables: CatalogTable[];
  /** Where each copied table lands: the source's schema for PostgreSQL, the migration's target schema otherwise. */
  targetNames: { schema: string; target: string }[];
  /** Bytes of row data to copy, or null when the source cannot tell cheaply. Computed once. */
  dataBytes(): Promise<number | null>;
  rate(): Promise<{ rowsPerSecond: number; runs: number } | null>;
  close(): Promise<void>;
};

export const pgSettings = (c: LoadedConnection): PgConnectionSettings | null =>
  c.engine === "postgres" ? c.settings : null;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);
export const isLocalHost = (host: string) => LOCAL_HOSTS.has(host) || host.startsWith("/");

export async function openPreflightContext(migrationId: string): Promise<PreflightContext> {
  const { row, options } = await loadMigration(migrationId);
  const [source, target] = await Promise.all([loadConnection(row.sourceId), loadConnection(row.targetId)]);
  const ctx: PreflightContext = {
    migrationId,
    options,
    source,
    target,
    connector: null,
    sourceError: null,
    sourcePg: null,
    targetPg: null,
    targetError: null,
    sourcePlan: null,
    tables: [],
    targetNames: [],
    dataBytes: memo(async () => {
      const c = ctx.connector;
      if (!c?.estimateBytes || !ctx.tables.length) return null;
      let total = 0;
      for (const t of ctx.tables) {
        const b = await c.estimateBytes(t);
        if (b === null) return null;
        total += b;
      }
      return total;
    }),
    rate: memo(() => observedRate(source.engine)),
    close: async () => {
      await Promise.all([
        ctx.connector?.close().catch(() => undefined),
        ctx.sourcePg?.end().catch(() => undefined),
        ctx.targetPg?.end().catch(() => undefined),
      ]);
    },
  };
  try {
    ctx.connector = await openSource(source);
    ctx.sourcePlan = await planFromSource(ctx.connector, row, options);
    ctx.tables = ctx.sourcePlan.tables;
    ctx.targetNames = ctx.tables.map((t) => ({ schema: t.schema ?? options.targetSchema, target: t.name }));
    if (source.engine === "postgres") ctx.sourcePg = await connectPg(source.settings, "ferry-preflight");
  } catch (err) {
    ctx.sourceError = (err as Error).message;
  }
  if (target.engine !== "postgres")
    ctx.targetError = `The target "${target.name}" is a ${target.engine} connection, not PostgreSQL.`;
  else
    try {
      ctx.targetPg = await connectPg(target.settings, "ferry-preflight");
    } catch (err) {
      ctx.targetError = (err as Error).message;
    }
  return ctx;
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
