import pLimit from "p-limit";
import type pg from "pg";
import { tableKey } from "@/server/catalog/catalog";
import type { PostgresSource } from "@/server/connectors/postgres/postgres-source";
import type { ScopeExclusions } from "@/server/connectors/postgres/scope";
import { indexEntries, type IndexEntry } from "@/server/connectors/postgres/toc-filter";
import { qualified } from "@/server/plan/identifiers";
import type { RunContext } from "../run-context";
import { restoreTocEntries, scopedTocList } from "./schema-archive";

/** An archive entry that builds an index, with the names it has in the source (and so in the target). */
export type TableIndex = IndexEntry & { schema: string; table: string; name: string };

/** The archive's index-building entries of the plan's tables, by table; hypertables' are left to post-data. */
export async function tableIndexEntries(
  ctx: RunContext,
  excluded: ScopeExclusions,
): Promise<Map<string, TableIndex[]>> {
  const entries = indexEntries((await scopedTocList(ctx, excluded)).list);
  const byOid = new Map(entries.map((e) => [`${e.catalog}:${e.oid}`, e]));
  const { rows } = await (ctx.source as PostgresSource).withSession((c) =>
    c.query<{ catalog: string; oid: string; schema: string; table: string; name: string }>(
      `SELECT x.catalog, x.oid::text, n.nspname AS schema, c.relname AS table, x.name
         FROM (SELECT 'pg_class' AS catalog, i.indexrelid AS oid, i.indrelid AS rel, ic.relname AS name
                 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                WHERE i.indexrelid::text = ANY ($1::text[])
               UNION ALL
               SELECT 'pg_constraint', k.oid, k.conrelid, k.conname FROM pg_constraint k
                WHERE k.oid::text = ANY ($2::text[])) x
         JOIN pg_class c ON c.oid = x.rel JOIN pg_namespace n ON n.oid = c.relnamespace`,
      [
        entries.filter((e) => e.catalog === "pg_class").map((e) => e.oid),
        entries.filter((e) => e.catalog === "pg_constraint").map((e) => e.oid),
      ],
    ),
  );
  const tables = new Set(ctx.plan.tables.filter((t) => !t.source.hypertable).map((t) => tableKey(t.source)));
  const out = new Map<string, TableIndex[]>();
  for (const r of rows) {
    const key = tableKey({ schema: r.schema, name: r.table });
    const entry = byOid.get(`${r.catalog}:${r.oid}`);
    if (!entry || !tables.has(key)) continue;
    out.set(key, [...(out.get(key) ?? []), { ...entry, schema: r.schema, table: r.table, name: r.name }]);
  }
  return out;
}

/**
 * The entries whose index or constraint the target already has. The target held none of the source's tables
 * when the run began, so these were built by this run: while copying, by this attempt or an interrupted one.
 */
export async function presentOnTarget(c: pg.Client, entries: readonly TableIndex[]): Promise<TableIndex[]> {
  if (!entries.length) return [];
  const { rows } = await c.query<{ i: number }>(
    `SELECT x.i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(catalog, s, t, name, i)
      WHERE CASE x.catalog
              WHEN 'pg_class' THEN to_regclass(format('%I.%I', x.s, x.name)) IS NOT NULL
              ELSE EXISTS (SELECT 1 FROM pg_constraint k
                            WHERE k.conrelid = to_regclass(format('%I.%I', x.s, x.t)) AND k.conname = x.name)
            END`,
    [
      entries.map((e) => e.catalog),
      entries.map((e) => e.schema),
      entries.map((e) => e.table),
      entries.map((e) => e.name),
    ],
  );
  return rows.map((r) => entries[Number(r.i) - 1]!);
}

/** The entries still to build: a resumed attempt does not build again what an interrupted one committed. */
export async function indexesToBuild(
  ctx: RunContext,
  excluded: ScopeExclusions,
): Promise<Map<string, TableIndex[]>> {
  const byTable = await tableIndexEntries(ctx, excluded);
  const built = new Set(await ctx.pool.run((c) => presentOnTarget(c, [...byTable.values()].flat())));
  return new Map([...byTable].map(([key, entries]) => [key, entries.filter((e) => !built.has(e))]));
}

/** The plan's tables that were analyzed in the target since they were created: by this run, once copied. */
export async function analyzedTables(c: pg.Client, ctx: RunContext): Promise<Set<string>> {
  const { rows } = await c.query<{ i: number }>(
    `SELECT x.i FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(s, t, i)
       JOIN pg_stat_user_tables st ON st.relid = to_regclass(format('%I.%I', x.s, x.t))
      WHERE st.last_analyze IS NOT NULL`,
    [ctx.plan.tables.map((t) => t.schema), ctx.plan.tables.map((t) => t.target)],
  );
  return new Set(rows.map((r) => tableKey(ctx.plan.tables[Number(r.i) - 1]!.source)));
}

/**
 * Finishes each table as soon as all its rows are in, while others still copy (as pgcopydb does): its keys
 * and indexes from the archive, in one transaction, then ANALYZE. Post-data skips what is done.
 */
export function tableFinisher(ctx: RunContext, indexes: Promise<Map<string, TableIndex[]>>) {
  const limit = pLimit(ctx.pool.size);
  const seen = new Set<string>();
  const jobs: Promise<void>[] = [];
  const done = { tables: 0, indexes: 0 };
  let failure: Error | null = null;
  return {
    tableCopied(key: string): void {
      const table = ctx.plan.tables.find((t) => tableKey(t.source) === key);
      if (seen.has(key) || !table || table.source.hypertable) return;
      seen.add(key);
      const listName = `indexes-${seen.size}`;
      const job = limit(async () => {
        if (failure) return;
        const entries = (await indexes).get(key) ?? [];
        if (entries.length) {
          await restoreTocEntries(
            ctx,
            listName,
            entries.map((e) => e.line),
          );
          done.indexes += entries.length;
        }
        await ctx.pool.run((c) => c.query(`ANALYZE ${qualified(table.schema, table.target)}`));
        done.tables++;
      }).catch((err: Error) => {
        failure ??= new Error(`Building the keys and indexes of ${key} failed: ${err.message}`);
      });
      jobs.push(job);
    },
    /** Waits for the builds under way; throws the first failure. */
    async finish(): Promise<typeof done> {
      await indexes;
      await Promise.all(jobs);
      if (failure) throw failure;
      return done;
    },
  };
}
