import type pg from "pg";
import { env } from "@/server/config/env";
import type { ReportCheckV1 } from "@/contracts/reports";
import { connectPg } from "@/server/connectors/postgres/connect";
import { diffInventory, readInventory } from "@/server/connectors/postgres/inventory";
import { checkPgDump } from "@/server/connectors/postgres/pg-tools";
import { serverScript } from "@/server/connectors/postgres/restore-script";
import { wholeDatabase, type ScopeExclusions } from "@/server/connectors/postgres/scope";
import type { PostgresSource } from "@/server/connectors/postgres/postgres-source";
import {
  caggContents,
  compareCaggContents,
  compareTimescale,
} from "@/server/connectors/postgres/timescale/compare-timescale";
import { readServerMajor } from "@/server/connectors/postgres/server-major";
import { readTimescale } from "@/server/connectors/postgres/timescale/read-timescale";
import {
  postDataOptions,
  preDataOptions,
  rebuildTimescale,
} from "@/server/connectors/postgres/timescale/rebuild-timescale";
import { assertTimescaleVersion } from "@/server/connectors/postgres/timescale/version-check";
import { DomainError } from "@/server/errors";
import { missingExtensions } from "@/server/target/extension-remedy";
import { USER_INDEXES_SQL, watchIndexBuilds } from "@/server/target/watch-index-builds";
import type { RunContext, RunStrategy } from "../run-context";
import { openChunkSessionsAhead } from "../chunks/chunk-sessions";
import { chunksPlanned, runChunkedCopy } from "../chunks/run-chunked-copy";
import { verifyTables } from "../run-tables";
import {
  applySchemaSection,
  printSchemaSection,
  restoreSchemaSection,
  scopeExclusions,
  startPreDataScript,
  startSchemaArchive,
  takePreDataScript,
} from "./schema-archive";
import {
  indexesToBuild,
  presentOnTarget,
  tableFinisher,
  tableIndexEntries,
  withStatements,
} from "./table-indexes";

const pgSource = (ctx: RunContext) => ctx.source as PostgresSource;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** PostgreSQL to PostgreSQL, the pgcopydb way: pg_dump's DDL around parallel COPY streams, one snapshot. */
export const pgDumpSchema: RunStrategy = {
  prefetch(runId, source, hints) {
    // A failure here surfaces where the schema phase waits for the archive.
    startSchemaArchive(runId, source as PostgresSource).catch(() => undefined);
    if (hints.schemaPhase && hints.wholeDatabase)
      startPreDataScript(runId, source as PostgresSource, hints.ownersAndGrants);
  },

  async schema(ctx) {
    const source = pgSource(ctx);
    // The first chunks' sessions connect while the schema is checked and restored.
    openChunkSessionsAhead(
      { runId: ctx.runId, attempt: ctx.attempt, snapshotId: source.snapshot.id },
      { source: source.settings, target: ctx.target },
      Math.min(ctx.options.parallelTables, env().FERRY_CHUNK_CONCURRENCY),
    ).catch(() => undefined);
    // A failure here surfaces where the data phase waits for the plan.
    chunksPlanned(ctx).catch(() => undefined);
    const { version } = checkPgDump(await source.serverMajor());
    if (source.snapshot.problem) await ctx.rec.log("warn", source.snapshot.problem);
    const started = performance.now();
    // The checks only read, each on a session of its own: side by side.
    const [, timescale, , excluded] = await Promise.all([
      ctx.pool.run((c) => assertExtensionsAvailable(ctx, c)),
      source.withSession(readTimescale).then(async (found) => {
        if (found) await ctx.pool.run((c) => assertTimescaleVersion(found.version, c));
        return found;
      }),
      ctx.pool.run((c) => assertTargetFree(ctx, c)),
      scopeExclusions(ctx),
    ]);
    // The whole database without TimescaleDB (whose pre-data is filtered and rewritten): the script dumped
    // beside the archive is exactly what the archive would print, and needs no pg_restore after pg_dump.
    const dumped = await takePreDataScript(ctx.runId);
    const whole = wholeDatabase(ctx.scope) && !timescale ? dumped : null;
    const { dropped } =
      whole !== null
        ? await applySchemaSection(ctx, "pre-data", serverScript(whole)).then(() => ({ dropped: 0 }))
        : await restoreSchemaSection(
            ctx,
            "pre-data",
            timescale ? await scopeExclusions(ctx, timescale) : excluded,
            preDataOptions(timescale),
          );
    if (!wholeDatabase(ctx.scope))
      await ctx.rec.log(
        "info",
        `Left out ${excluded.oids.size} object(s) outside the selection (${dropped} schema entries)${excluded.schemasKeptForExtensions.length ? `; kept schema(s) ${excluded.schemasKeptForExtensions.join(", ")} for the extensions they hold` : ""}.`,
      );
    await ctx.rec.log(
      "info",
      `Created the schema (pg_dump ${version}, pre-data: types, functions, tables, views) in ${seconds(started)} s.`,
    );
    if (timescale)
      await ctx.rec.log(
        "info",
        `TimescaleDB ${timescale.version} on both sides: made ${timescale.hypertables.length} hypertable(s) with the source's dimensions and chunk intervals; left TimescaleDB's internal schemas and ${timescale.caggs.length} continuous aggregate view(s) to be rebuilt after the data.`,
      );
  },

  async data(ctx) {
    const started = performance.now();
    let underWay!: () => void;
    const firstChunksBegun = new Promise<void>((resolve) => (underWay = resolve));
    // Read once the first chunks have begun (their few round trips are all that stands before the first
    // COPY), for the early builds and post-data; a failure surfaces through the finisher, and post-data reads
    // again.
    const scope = firstChunksBegun.then(() => readScope(ctx));
    const reads = readForPostData(ctx, scope);
    reads.catch(() => undefined);
    postDataReads.set(ctx, reads);
    // What post-data restores once the finisher has built every key, index and FK: printed meanwhile.
    const rest = reads.then(({ restoreExcluded, entries, timescale }) =>
      printSchemaSection(
        ctx,
        "post-data",
        withoutEntries(restoreExcluded, entries),
        postDataOptions(timescale),
      ),
    );
    rest.catch(() => undefined);
    postDataRest.set(ctx, rest);
    const indexes = scope
      .then(({ restoreExcluded }) => indexesToBuild(ctx, restoreExcluded))
      .then((byTable) => withStatements(ctx, byTable));
    indexes.catch(() => undefined);
    const finisher = tableFinisher(ctx, indexes);
    let rows = 0;
    let growing: Promise<void> = Promise.resolve();
    try {
      ({ rows } = await runChunkedCopy(ctx, (table) => finisher.tableCopied(table), underWay));
      // Every row is in: the last tables' builds get one more session.
      growing = ctx.pool.grow();
    } finally {
      underWay(); // however the copy ended: the reads the finisher waits for must not wait for ever
      // Cancelled or failed: the builds under way still end before the run does.
      await finisher.finish().catch(() => undefined);
      await growing; // its session is the run's to close
    }
    const done = await finisher.finish();
    for (const key of done.analyzed) ctx.analyzed.add(key);
    await ctx.rec.log(
      "info",
      `Copied ${rows.toLocaleString("en")} rows of ${ctx.plan.tables.length} table(s) in ${seconds(started)} s (COPY piped from source to target, ${ctx.options.parallelTables} chunk(s) at a time); as each table's rows were all in, built its keys and indexes (${done.indexes} in all, for ${done.tables} table(s)), and each FK once both its tables were keyed (${done.foreignKeys})${ctx.options.analyzeInRun ? `; analyzed ${done.analyzed.size} table(s) as soon as they were finished` : ""}.`,
    );
  },

  async postData(ctx) {
    const started = performance.now();
    // Read while the data copied, unless this attempt resumed straight into post-data (or that read failed).
    const { timescale, restoreExcluded, entries, total, sequences, matviews } =
      (await postDataReads.get(ctx)?.catch(() => null)) ?? (await readForPostData(ctx, readScope(ctx)));
    // Keys and indexes built while the data copied (by this attempt or an interrupted one) are not built again.
    const early = await ctx.pool.run((c) => presentOnTarget(c, entries));
    const earlyOids = new Set(early.map((e) => e.oid));
    // Printed during the copy for the usual case, every entry the finisher builds in; settled either way, as a
    // print now would write the same list file.
    const ahead = await postDataRest.get(ctx)?.catch(() => null);
    const rest = ahead && entries.every((e) => earlyOids.has(e.oid)) ? ahead : null;
    // The restore holds one of the run's sessions: with no other, progress is read on a session of its own.
    const watcher = ctx.pool.size > 1 ? null : await connectPg(ctx.target, "ferry-progress");
    try {
      await watchIndexBuilds({
        total,
        query: (fn) => (watcher ? fn(watcher) : ctx.pool.run(fn)),
        report: (step) => ctx.rec.step(step),
        work: async () => {
          if (rest) return applySchemaSection(ctx, "post-data", rest.sql);
          await restoreSchemaSection(
            ctx,
            "post-data",
            withoutEntries(restoreExcluded, early),
            postDataOptions(timescale),
          );
        },
      });
    } finally {
      await watcher?.end().catch(() => undefined);
    }
    const built = await ctx.pool.run(countIndexes);
    await ctx.rec.step(
      { label: `Indexes: ${built} of ${total} built`, detail: null, done: built, total },
      true,
    );
    if (timescale) {
      const t = performance.now();
      const r = await ctx.pool.run((c) => rebuildTimescale(timescale, c));
      await ctx.rec.log(
        "info",
        `TimescaleDB: set compression on ${timescale.hypertables.filter((h) => h.compression).length} hypertable(s), created ${r.caggs} continuous aggregate(s) (refreshed ${r.refreshed} up to the source's watermark), ${r.jobs} policy/job(s), compressed ${r.compressedChunks} chunk(s) as in the source, in ${seconds(t)} s.`,
      );
    }
    const refreshed = await refreshMaterializedViews(ctx, matviews);
    const used = sequences.filter((s) => s.last_value !== null);
    // One statement for all of them: each would otherwise be a round trip at the run's end.
    if (used.length)
      await ctx.pool.run((c) =>
        c.query(
          "SELECT setval(x.name::regclass, x.value::bigint, x.called) FROM unnest($1::text[], $2::text[], $3::boolean[]) AS x(name, value, called)",
          [used.map((s) => s.name), used.map((s) => s.last_value), used.map((s) => s.is_called)],
        ),
      );
    await ctx.rec.log(
      "info",
      `Built ${built} of ${total} indexes (${early.length} key(s), index(es) and FK(s) while the data copied), and constraints, triggers and policies (post-data), refreshed ${refreshed} materialized view(s), set ${sequences.length} sequence(s) from the source, in ${seconds(started)} s.`,
    );
  },

  async verify(ctx) {
    const source = pgSource(ctx);
    const excluded = await scopeExclusions(ctx);
    const started = performance.now();
    const [sourceMajor, targetMajor] = await Promise.all([
      source.serverMajor(),
      ctx.pool.run(readServerMajor),
    ]);
    const verified = await verifyTables(ctx, (t) => ({
      kind: "pg",
      session: (fn) => source.withSession(fn),
      binary: sourceMajor === targetMajor && t.source.builtinTypes === true,
    }));
    const tables = verified.tables;
    const [srcInventory, tgtInventory] = await Promise.all([
      source.withSession((c) => readInventory(c, excluded.oids)),
      ctx.pool.run((c) => readInventory(c, ctx.postScriptOids)),
    ]);
    const checks: ReportCheckV1[] = [...verified.checks];
    checks.push(
      ...diffInventory(srcInventory, tgtInventory).map((line) => ({
        name: `objects: ${line.kind}`,
        ok: line.ok,
        detail: `${line.source} in the source, ${line.target} in the target${line.missing.length ? `; missing: ${line.missing.join(", ")}` : ""}${line.extra.length ? `; unexpected: ${line.extra.join(", ")}` : ""}`,
      })),
    );
    const timescale = await source.withSession(readTimescale);
    if (timescale) {
      const [tgt, srcRows, tgtRows] = await Promise.all([
        ctx.pool.run(readTimescale),
        source.withSession((c) => caggContents(c, timescale)),
        ctx.pool.run((c) => caggContents(c, timescale)),
      ]);
      checks.push(...compareTimescale(timescale, tgt), compareCaggContents(srcRows, tgtRows));
    }
    const [srcSeq, tgtSeq] = await Promise.all([
      source.withSession((c) => readSequences(c, excluded.oids)),
      ctx.pool.run((c) => readSequences(c)),
    ]);
    const wrong = srcSeq.filter((s) => {
      const t = tgtSeq.find((x) => x.name === s.name);
      return !t || t.last_value !== s.last_value || t.is_called !== s.is_called;
    });
    checks.push({
      name: "sequences: values carried over",
      ok: wrong.length === 0,
      detail: wrong.length
        ? `differ: ${wrong.map((s) => s.name).join(", ")}`
        : `${srcSeq.length} sequence(s) equal on both sides`,
    });
    const [srcMv, tgtMv] = await Promise.all([
      source.withSession((c) => populatedMatviews(c, excluded.oids)),
      ctx.pool.run((c) => populatedMatviews(c)),
    ]);
    const unpopulated = srcMv.filter((m) => !tgtMv.includes(m));
    checks.push({
      name: "materialized views: populated as in the source",
      ok: unpopulated.length === 0,
      detail: unpopulated.length
        ? `not populated: ${unpopulated.join(", ")}`
        : `${srcMv.length} populated on both sides`,
    });
    await ctx.rec.log(
      "info",
      `Verified ${tables.length} table(s) and ${checks.length} object checks in ${seconds(started)} s.`,
    );
    const consistency = source.snapshot.id
      ? `Every table and check read one snapshot of the source (${source.snapshot.id}).`
      : (source.snapshot.problem ?? "");
    return { tables, checks, consistency };
  },
};

/** The scope's exclusions, TimescaleDB's catalog, and with it what a restore must leave out. */
async function readScope(ctx: RunContext) {
  const [excluded, timescale] = await Promise.all([
    scopeExclusions(ctx),
    pgSource(ctx).withSession(readTimescale),
  ]);
  const restoreExcluded = timescale ? await scopeExclusions(ctx, timescale) : excluded;
  return { excluded, timescale, restoreExcluded };
}

/** What post-data needs from the source's snapshot, which the copy does not change: read beside it. */
async function readForPostData(ctx: RunContext, scope: ReturnType<typeof readScope>) {
  const source = pgSource(ctx);
  const { excluded, timescale, restoreExcluded } = await scope;
  // Each read is its own session at the snapshot: in parallel, they cost one round of connecting.
  const [entries, total, sequences, matviews] = await Promise.all([
    tableIndexEntries(ctx, restoreExcluded).then((byTable) => [...byTable.values()].flat()),
    source.withSession((c) => countIndexes(c, [...excluded.oids])),
    source.withSession((c) => readSequences(c, excluded.oids)),
    source.withSession((c) => populatedMatviews(c, excluded.oids)),
  ]);
  return { timescale, restoreExcluded, entries, total, sequences, matviews };
}
async function countIndexes(c: pg.Client, excludedOids: string[] = []): Promise<number> {
  return (await c.query<{ n: number }>(USER_INDEXES_SQL, [excludedOids])).rows[0]!.n;
}
const postDataReads = new WeakMap<RunContext, ReturnType<typeof readForPostData>>();
const postDataRest = new WeakMap<RunContext, ReturnType<typeof printSchemaSection>>();

/** The scope's exclusions, and these archive entries too. */
const withoutEntries = (excluded: ScopeExclusions, entries: readonly { oid: string }[]): ScopeExclusions => ({
  ...excluded,
  oids: new Set([...excluded.oids, ...entries.map((e) => e.oid)]),
});

async function readSequences(
  c: pg.Client,
  excludedOids: ReadonlySet<string> = new Set(),
): Promise<{ name: string; last_value: string | null; is_called: boolean }[]> {
  const { rows } = await c.query<{ name: string; last_value: string | null; is_called: boolean }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text,
            (last_value IS NOT NULL) AS is_called
       FROM pg_sequences WHERE schemaname NOT LIKE '\\_timescaledb%'
        AND NOT (format('%I.%I', schemaname, sequencename)::regclass::oid::text = ANY ($1::text[])) ORDER BY 1`,
    [[...excludedOids]],
  );
  return rows;
}

async function assertExtensionsAvailable(ctx: RunContext, target: pg.Client): Promise<void> {
  const used = await pgSource(ctx).withSession(
    async (c) =>
      (
        await c.query<{ name: string; version: string }>(
          "SELECT extname AS name, extversion AS version FROM pg_extension WHERE extname <> 'plpgsql'",
        )
      ).rows,
  );
  if (!used.length) return;
  const available = await target.query<{ name: string; preload: string; major: string }>(
    "SELECT name, current_setting('shared_preload_libraries') AS preload, current_setting('server_version_num') AS major FROM pg_available_extensions",
  );
  const problems = missingExtensions(used, {
    available: available.rows.map((r) => r.name),
    preload: available.rows[0]?.preload ?? "",
    major: Math.floor(Number(available.rows[0]?.major ?? "150000") / 10000),
    host: ctx.target.host,
  }).map((p) => `${p.problem} ${p.remedy}`);
  if (problems.length)
    throw new DomainError(
      400,
      "extensions_missing",
      `The source uses extension(s) the target cannot create yet; nothing was written. ${problems.join(" ")}`,
    );
  await ctx.rec.log(
    "info",
    `Extensions available on the target: ${used.map((e) => `${e.name} ${e.version}`).join(", ")}.`,
  );
}

async function assertTargetFree(ctx: RunContext, target: pg.Client): Promise<void> {
  if (ctx.options.ifTargetExists === "recreate")
    await ctx.rec.log(
      "warn",
      `"Drop and recreate" is not offered for PostgreSQL sources yet; Ferry needs the source's tables absent from the target and stops otherwise.`,
    );
  const { rows } = await target.query<{ name: string }>(
    "SELECT format('%I.%I', s, t) AS name FROM unnest($1::text[], $2::text[]) AS x(s, t) WHERE to_regclass(format('%I.%I', s, t)) IS NOT NULL",
    [ctx.plan.tables.map((t) => t.schema), ctx.plan.tables.map((t) => t.target)],
  );
  if (rows.length)
    throw new DomainError(
      409,
      "target_tables_exist",
      `The target already has ${rows.length} of the source's tables (${rows
        .slice(0, 5)
        .map((r) => r.name)
        .join(
          ", ",
        )}${rows.length > 5 ? ", …" : ""}). Nothing was written. Point the migration at an empty database.`,
    );
}

async function populatedMatviews(
  c: pg.Client,
  excludedOids: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, matviewname) AS name FROM pg_matviews
      WHERE ispopulated AND NOT (format('%I.%I', schemaname, matviewname)::regclass::oid::text = ANY ($1::text[]))
      ORDER BY 1`,
    [[...excludedOids]],
  );
  return rows.map((r) => r.name);
}

/**
 * pg_dump puts REFRESH MATERIALIZED VIEW in its data section, which Ferry's COPY replaces: refresh here.
 * A view built on another refreshes after it; passes repeat while any refresh still succeeds.
 */
async function refreshMaterializedViews(ctx: RunContext, names: string[]): Promise<number> {
  let pending = [...names];
  while (pending.length) {
    const failed: { name: string; error: string }[] = [];
    for (const name of pending) {
      await ctx.pool
        .run((c) => c.query(`REFRESH MATERIALIZED VIEW ${name}`))
        .catch((err: Error) => failed.push({ name, error: err.message }));
    }
    if (failed.length === pending.length)
      throw new Error(
        `Refreshing materialized view(s) failed: ${failed.map((f) => `${f.name}: ${f.error}`).join("; ")}`,
      );
    pending = failed.map((f) => f.name);
  }
  return names.length;
}
