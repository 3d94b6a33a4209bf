import type pg from "pg";
import { tableKey } from "@/server/catalog/catalog";
import type { PostgresSource } from "@/server/connectors/postgres/postgres-source";
import { splitRestoreScript } from "@/server/connectors/postgres/restore-script";
import type { ScopeExclusions } from "@/server/connectors/postgres/scope";
import { indexEntries, type IndexEntry } from "@/server/connectors/postgres/toc-filter";
import { qualified, quoteIdent, quoteLiteral } from "@/server/plan/identifiers";
import type { ClientPool } from "@/server/target/client-pool";
import { foreignKeyStatement } from "@/server/target/fk-by-merge";
import { resetTargetSession } from "@/server/target/session";
import type { RunContext } from "../run-context";
import { isSmallTable } from "../small-tables";
import { inGroups } from "@/server/util/in-groups";
import { PendingForeignKeys } from "./pending-foreign-keys";
import { printTocEntries, scopedTocList } from "./schema-archive";

/** An archive entry that builds an index or an FK, with the names it has in the source (and so in the target). */
export type TableIndex = IndexEntry & {
  schema: string;
  table: string;
  name: string;
  /** FKs: the referenced table's key (tableKey). */
  references: string | null;
  /** Indexes and keys: the tablespace of the index (null: the database's default). */
  tablespace: string | null;
  /** A PRIMARY KEY or UNIQUE constraint that can be built as its unique index, then attached (see KeyByIndex). */
  keyByIndex: KeyByIndex | null;
  /**
   * FKs: the referencing table has a b-tree index led by the FK's columns, and the referenced key's index is
   * in the same order, so the FK's validating query can merge the two indexes (see foreignKeyStatement).
   */
  indexedBothSides: boolean;
};

/**
 * A key built the way CREATE INDEX builds any index, beside the table's other indexes (CREATE INDEX takes a
 * SHARE lock, ADD PRIMARY KEY an exclusive one), then made the constraint with ADD … USING INDEX, which only
 * writes the catalog. PostgreSQL allows that for a plain b-tree index without expressions, predicate or
 * non-default ordering, on a table that is not partitioned or a partition.
 */
export type KeyByIndex = { create: string; attach: string };

/**
 * The archive's index-building and FK entries of the plan's tables, by table. Hypertables' are left to
 * post-data, and so are FKs whose referenced table is not one the run copies.
 */
export async function tableIndexEntries(
  ctx: RunContext,
  excluded: ScopeExclusions,
): Promise<Map<string, TableIndex[]>> {
  const entries = indexEntries((await scopedTocList(ctx, excluded)).list);
  const byOid = new Map(entries.map((e) => [`${e.catalog}:${e.oid}`, e]));
  const rows = await (ctx.source as PostgresSource).withSession((c) =>
    readIndexFacts(
      c,
      entries.filter((e) => e.catalog === "pg_class").map((e) => e.oid),
      entries.filter((e) => e.catalog === "pg_constraint").map((e) => e.oid),
    ),
  );
  const tables = new Set(ctx.plan.tables.filter((t) => !t.source.hypertable).map((t) => tableKey(t.source)));
  const out = new Map<string, TableIndex[]>();
  for (const r of rows) {
    const key = tableKey({ schema: r.schema, name: r.table });
    const references = r.ref_table === null ? null : tableKey({ schema: r.ref_schema!, name: r.ref_table });
    const entry = byOid.get(`${r.catalog}:${r.oid}`);
    if (!entry || !tables.has(key)) continue;
    if (entry.type === "FK CONSTRAINT" && !(references && tables.has(references))) continue;
    out.set(key, [
      ...(out.get(key) ?? []),
      {
        ...entry,
        schema: r.schema,
        table: r.table,
        name: r.name,
        references,
        tablespace: r.tablespace,
        keyByIndex: keyByIndex(r),
        indexedBothSides: r.indexed_both_sides === true,
      },
    ]);
  }
  return out;
}

/** What the source's catalog says of the archive's index and constraint entries (their oids), in one read. */
export type IndexFacts = {
  catalog: string;
  oid: string;
  schema: string;
  table: string;
  name: string;
  ref_schema: string | null;
  ref_table: string | null;
  key_index: string | null;
  key_kind: string | null;
  deferrable: boolean | null;
  deferred: boolean | null;
  tablespace: string | null;
  indexed_both_sides: boolean | null;
};

/** Reads IndexFacts on a source session; every name pg_get_indexdef prints is schema-qualified. */
export async function readIndexFacts(
  c: pg.Client,
  indexOids: readonly string[],
  constraintOids: readonly string[],
): Promise<IndexFacts[]> {
  // pg_get_indexdef qualifies every name the search path would otherwise resolve, as the target needs.
  await c.query("SELECT pg_catalog.set_config('search_path', '', true)");
  const { rows } = await c.query<IndexFacts>(
    `SELECT x.catalog, x.oid::text, n.nspname AS schema, c.relname AS table, x.name,
            rn.nspname AS ref_schema, rc.relname AS ref_table, x.key_index, x.key_kind, x.deferrable, x.deferred,
            ts.spcname AS tablespace, x.indexed_both_sides
       FROM (SELECT 'pg_class' AS catalog, i.indexrelid AS oid, i.indrelid AS rel, ic.relname AS name, 0::oid AS ref,
                    NULL::text AS key_index, NULL::text AS key_kind, NULL::bool AS deferrable, NULL::bool AS deferred,
                    ic.reltablespace AS spc, NULL::bool AS indexed_both_sides
               FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
              WHERE i.indexrelid::text = ANY ($1::text[])
             UNION ALL
             SELECT 'pg_constraint', k.oid, k.conrelid, k.conname, k.confrelid,
                    CASE WHEN k.contype IN ('p', 'u') AND r.relkind = 'r' AND NOT r.relispartition
                              AND ki.indexprs IS NULL AND ki.indpred IS NULL AND 0 = ALL (ki.indoption::int2[])
                              AND am.amname = 'btree'
                         THEN pg_get_indexdef(k.conindid) END,
                    CASE k.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END,
                    k.condeferrable, k.condeferred, kc.reltablespace,
                    k.contype = 'f'
                      AND EXISTS (SELECT 1 FROM pg_index fi JOIN pg_class fc ON fc.oid = fi.indexrelid
                                    JOIN pg_am fa ON fa.oid = fc.relam
                                   WHERE fi.indrelid = k.conrelid AND fa.amname = 'btree' AND fi.indpred IS NULL
                                     AND array_to_string((fi.indkey::int2[])[0:cardinality(k.conkey) - 1], ' ')
                                         = array_to_string(k.conkey, ' '))
                      AND array_to_string((ki.indkey::int2[])[0:cardinality(k.confkey) - 1], ' ')
                          = array_to_string(k.confkey, ' ')
               FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid
               LEFT JOIN pg_index ki ON ki.indexrelid = k.conindid
               LEFT JOIN pg_class kc ON kc.oid = k.conindid LEFT JOIN pg_am am ON am.oid = kc.relam
              WHERE k.oid::text = ANY ($2::text[])) x
       JOIN pg_class c ON c.oid = x.rel JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = x.ref LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
       LEFT JOIN pg_tablespace ts ON ts.oid = x.spc`,
    [indexOids, constraintOids],
  );
  return rows;
}

/**
 * An index statement with its own tablespace: pg_restore sets default_tablespace only where it changes from
 * one entry to the next, and entries built early run on whichever pooled session is free.
 */
function inTablespace(tablespace: string | null, sql: string): string {
  const own = sql.replace(/^SET default_tablespace = .*;\n/gm, "");
  return `SET default_tablespace = ${quoteLiteral(tablespace ?? "")};\n${own}`;
}

function keyByIndex(r: {
  schema: string;
  table: string;
  name: string;
  key_index: string | null;
  key_kind: string | null;
  deferrable: boolean | null;
  deferred: boolean | null;
  tablespace: string | null;
}): KeyByIndex | null {
  const prefix = "CREATE UNIQUE INDEX ";
  if (!r.key_index?.startsWith(prefix) || !r.key_kind) return null;
  const name = quoteIdent(r.name);
  const timing = r.deferrable ? ` DEFERRABLE INITIALLY ${r.deferred ? "DEFERRED" : "IMMEDIATE"}` : "";
  return {
    // IF NOT EXISTS: an attempt interrupted between the two statements left the index, complete, behind.
    create: inTablespace(r.tablespace, `${prefix}IF NOT EXISTS ${r.key_index.slice(prefix.length)}`),
    attach: `ALTER TABLE ONLY ${qualified(r.schema, r.table)} ADD CONSTRAINT ${name} ${r.key_kind} USING INDEX ${name}${timing}`,
  };
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

/** Entries to build while the data copies, each with the SQL pg_restore would run for it. */
export type EarlyBuilds = { prologue: string; byTable: Map<string, (TableIndex & { sql: string })[]> };

/**
 * The SQL of every entry, from one pg_restore call. Null when its script cannot be cut back into exactly
 * those entries: they are then all left to the post-data restore, which builds them the usual way.
 */
export async function withStatements(
  ctx: RunContext,
  byTable: Map<string, TableIndex[]>,
): Promise<EarlyBuilds | null> {
  const all = [...byTable.values()].flat();
  if (!all.length) return { prologue: "", byTable: new Map() };
  const script = await printTocEntries(
    ctx,
    "early",
    all.map((e) => e.line),
  );
  const split = splitRestoreScript(
    script,
    all.map((e) => e.type),
  );
  if (!split) {
    await ctx.rec.log(
      "info",
      "Keys, indexes and FKs are all built after the copy: pg_restore's script for them could not be told apart entry by entry.",
    );
    return null;
  }
  const sql = new Map(
    all.map((e, i) => [
      e,
      e.type === "FK CONSTRAINT" ? split.statements[i]! : inTablespace(e.tablespace, split.statements[i]!),
    ]),
  );
  return {
    prologue: split.prologue,
    byTable: new Map(
      [...byTable].map(([key, entries]) => [key, entries.map((e) => ({ ...e, sql: sql.get(e)! }))]),
    ),
  };
}

/** Small tables' FKs built in one transaction at most (each locks two tables until the commit). */
const FK_GROUP = 50;
/** Small tables whose keys and indexes are built in one transaction at most. */
const SMALL_GROUP = 64;

/**
 * Finishes each table as soon as all its rows are in, while others still copy (as pgcopydb does), on the
 * run's target sessions: its keys' unique indexes and its other indexes side by side, then the keys attached
 * (a key that cannot be attached is built first, alone, as it locks the table), and each FK once both of its
 * tables have their keys. Post-data skips what is done. A table whose
 * keys, indexes and every FK from or to it are in is analyzed there and then (ANALYZE would wait for, or hold
 * up, those builds' locks), so the run's end only analyzes what finished last.
 */
export function tableFinisher(ctx: RunContext, prepared: Promise<EarlyBuilds | null>) {
  const seen = new Set<string>();
  const indexed = new Set<string>();
  const pendingFks = new PendingForeignKeys<TableIndex & { sql: string }>();
  const jobs: Promise<void>[] = [];
  const done = { tables: 0, indexes: 0, foreignKeys: 0, analyzed: new Set<string>() };
  /** FKs from or to each table not built yet: ANALYZE's lock conflicts with theirs. */
  const fksTouching = prepared.then((p) => {
    const n = new Map<string, number>();
    for (const fk of [...(p?.byTable.values() ?? [])].flat().filter((e) => e.type === "FK CONSTRAINT"))
      for (const key of [tableKey({ schema: fk.schema, name: fk.table }), fk.references!])
        n.set(key, (n.get(key) ?? 0) + 1);
    return n;
  });
  fksTouching.catch(() => undefined);
  let failure: Error | null = null;
  let fkChain: Promise<void> = Promise.resolve();
  const sessions = prepared.then((p) => (p && p.byTable.size ? ddlSessions(ctx.pool, p.prologue) : null));
  sessions.catch(() => undefined);

  const run = async (sql: string) => {
    if (!failure) await (await sessions)!.run((c) => c.query(sql));
  };
  const byKey = new Map(ctx.plan.tables.map((t) => [tableKey(t.source), t]));
  const planTable = (key: string) => byKey.get(key);
  const build = async (entry: TableIndex & { sql: string }) => {
    if (failure) return;
    if (entry.type !== "FK CONSTRAINT") await run(entry.sql);
    else {
      const tables = [tableKey({ schema: entry.schema, name: entry.table }), entry.references!].map(
        planTable,
      );
      await (await sessions)!.run(async (c) =>
        c.query(
          // Merging two indexes pays only on big tables: a small one's FK is checked as PostgreSQL plans it.
          tables.every((t) => t !== undefined) && !tables.some(isSmallTable)
            ? await foreignKeyStatement(c, entry, tables)
            : entry.sql,
        ),
      );
    }
    if (entry.type === "FK CONSTRAINT") await fkBuilt(entry);
    else done.indexes++;
  };
  const fkBuilt = async (entry: TableIndex) => {
    done.foreignKeys++;
    const touching = await fksTouching;
    for (const key of [tableKey({ schema: entry.schema, name: entry.table }), entry.references!]) {
      touching.set(key, touching.get(key)! - 1);
      analyzeWhenFinished(key);
    }
  };
  /**
   * FKs between small tables, in one transaction and round trip (each would otherwise cost a commit and a
   * round trip for a check of a few rows). If the group fails, each is built alone, so the error names the
   * FK and the others still land.
   */
  const buildGroup = async (group: (TableIndex & { sql: string })[]) => {
    if (failure) return;
    const built = await inOneTransaction(group.map((e) => e.sql));
    if (!built) {
      for (const fk of group) await build(fk).catch(fail(`FK ${fk.name} of ${fk.schema}.${fk.table}`));
      return;
    }
    for (const fk of group) await fkBuilt(fk);
  };
  // Tables ready for ANALYZE while the sessions are busy go in one statement when one is free.
  const toAnalyze: string[] = [];
  // A failed early ANALYZE only leaves the table to the run's own ANALYZE at the end.
  const analyzeWhenFinished = (key: string) => {
    const table = planTable(key);
    if (!ctx.options.analyzeInRun || !table || failure || done.analyzed.has(key) || !indexed.has(key)) return;
    jobs.push(
      (async () => {
        const pool = await sessions;
        if (!pool || (await fksTouching).get(key) || done.analyzed.has(key)) return;
        done.analyzed.add(key);
        toAnalyze.push(key);
        if (toAnalyze.length > 1) return; // a statement already waits for a session: this table joins it
        await pool
          .run(
            async (c) => {
              const batch = toAnalyze.splice(0);
              await c
                .query(
                  `ANALYZE ${batch.map((k) => qualified(planTable(k)!.schema, planTable(k)!.target)).join(", ")}`,
                )
                .catch(() => batch.forEach((k) => done.analyzed.delete(k)));
            },
            { priority: -1 },
          )
          .catch(() => undefined);
      })(),
    );
  };
  const fail = (what: string) => (err: Error) => {
    failure ??= new Error(`Building ${what} failed: ${err.message}`);
  };
  // One at a time (a group of small tables' FKs counting as one): two FKs can lock the same two tables in
  // opposite orders.
  const startReadyFks = (key: string) => {
    const ready = pendingFks.ready(key, indexed);
    if (!ready.length) return;
    const small = (fk: TableIndex) =>
      [tableKey({ schema: fk.schema, name: fk.table }), fk.references!].every((k) => {
        const t = planTable(k);
        return t !== undefined && isSmallTable(t);
      });
    for (const fk of ready.filter((fk) => !small(fk)))
      fkChain = fkChain.then(() => build(fk).catch(fail(`FK ${fk.name} of ${fk.schema}.${fk.table}`)));
    const grouped = ready.filter(small);
    for (const group of inGroups(grouped, FK_GROUP)) fkChain = fkChain.then(() => buildGroup(group));
  };

  const finishTable = async (key: string) => {
    const entries = (await prepared)?.byTable.get(key) ?? [];
    pendingFks.add(entries.filter((e) => e.type === "FK CONSTRAINT"));
    const keys = entries.filter((e) => e.type === "CONSTRAINT");
    const byIndex = keys.filter((e) => e.keyByIndex);
    // A key ADD CONSTRAINT must build itself locks the table: those one at a time, first.
    for (const e of keys.filter((e) => !e.keyByIndex)) await build(e);
    await Promise.all([
      ...byIndex.map((e) => run(e.keyByIndex!.create)),
      ...entries.filter((e) => e.type === "INDEX").map(build),
    ]);
    for (const e of byIndex) await build({ ...e, sql: e.keyByIndex!.attach });
    if (failure) return;
    tableIndexed(key);
  };
  const tableIndexed = (key: string) => {
    indexed.add(key);
    done.tables++;
    startReadyFks(key);
    analyzeWhenFinished(key);
  };

  const smallCopied: string[] = [];
  /**
   * The keys and indexes of small tables, a group at a time in one transaction and round trip: building an
   * index on a few rows costs less than the commit and round trip around it. If a group fails, its tables are
   * finished one by one as any other, so the error names the statement.
   */
  const finishSmallTables = () => {
    const copied = smallCopied.splice(0);
    for (const group of inGroups(copied, SMALL_GROUP)) {
      jobs.push(
        (async () => {
          const byTable = (await prepared)?.byTable;
          const entries = group.flatMap((key) => byTable?.get(key) ?? []);
          pendingFks.add(entries.filter((e) => e.type === "FK CONSTRAINT"));
          const builds = entries.filter((e) => e.type !== "FK CONSTRAINT");
          const sql = [
            ...builds.filter((e) => e.type === "CONSTRAINT" && !e.keyByIndex).map((e) => e.sql),
            ...builds.flatMap((e) =>
              e.keyByIndex ? [e.keyByIndex.create] : e.type === "INDEX" ? [e.sql] : [],
            ),
            ...builds.flatMap((e) => (e.keyByIndex ? [e.keyByIndex.attach] : [])),
          ];
          if (failure) return;
          if (sql.length && !(await inOneTransaction(sql))) {
            for (const key of group) await finishTable(key).catch(fail(`the keys and indexes of ${key}`));
            return;
          }
          done.indexes += builds.length;
          for (const key of group) tableIndexed(key);
        })().catch(fail(`the keys and indexes of ${group.join(", ")}`)),
      );
    }
  };
  /** Runs the statements in one transaction on one session; false (rolled back) if any fails. */
  const inOneTransaction = async (statements: string[]): Promise<boolean> =>
    (await sessions)!.run((c) =>
      c.query(`BEGIN;\n${statements.map((q) => q.trimEnd().replace(/;?$/, ";")).join("\n")}\nCOMMIT;`).then(
        () => true,
        () =>
          c.query("ROLLBACK").then(
            () => false,
            () => false,
          ),
      ),
    );

  return {
    tableCopied(key: string): void {
      const table = planTable(key);
      if (seen.has(key) || !table || table.source.hypertable) return;
      seen.add(key);
      if (isSmallTable(table)) {
        // Small tables copied together (a batch) are finished together, once this turn has announced them all.
        smallCopied.push(key);
        if (smallCopied.length === 1) setImmediate(finishSmallTables);
        return;
      }
      jobs.push(finishTable(key).catch(fail(`the keys and indexes of ${key}`)));
    },
    /** Waits for the builds under way; throws the first failure. */
    async finish(): Promise<typeof done> {
      // Small tables announced in this turn are not left to the next one: their builds are waited for below.
      finishSmallTables();
      try {
        await prepared;
        await Promise.all(jobs);
        await fkChain;
        // FKs built last may have started ANALYZEs.
        await Promise.all(jobs);
      } finally {
        await (await sessions.catch(() => null))?.release();
      }
      if (failure) throw failure;
      return done;
    },
  };
}

/**
 * The run's own target sessions (no connections of their own), each set up for the archive's DDL as
 * pg_restore sets up its sessions (empty search_path, …) when first used, and put back by `release`.
 */
function ddlSessions(pool: ClientPool, prologue: string) {
  const setUp = new WeakSet<pg.Client>();
  return {
    run<T>(task: (c: pg.Client) => Promise<T>, opts: { priority?: number } = {}): Promise<T> {
      return pool.run(async (c) => {
        if (!setUp.has(c)) {
          // Ferry already builds side by side; PostgreSQL's parallel workers per index build, or per FK's
          // validating query, would only compete. One process also lets that query merge the two keys'
          // indexes (COPY FREEZE left the tables all-visible) instead of hashing a parallel scan of the table.
          await c.query(
            `${prologue}\nSET max_parallel_maintenance_workers = 0;\nSET max_parallel_workers_per_gather = 0;`,
          );
          setUp.add(c);
        }
        return task(c);
      }, opts);
    },
    async release(): Promise<void> {
      await Promise.all(
        pool.clients.filter((c) => setUp.has(c)).map((c) => resetTargetSession(c).catch(() => undefined)),
      );
    },
  };
}
