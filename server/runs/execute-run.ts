import { and, eq, inArray } from "drizzle-orm";
import type pg from "pg";
import type { RunPhase } from "@/contracts/runs";
import { MigrationOptions } from "@/contracts/migrations";
import type { ReportTableV1 } from "@/contracts/reports";
import { loadConnection, type LoadedConnection } from "@/server/connections/load-connection";
import { openSource } from "@/server/connections/open-source";
import type { SourceConnector } from "@/server/connectors/connector";
import { connectPg } from "@/server/connectors/postgres/connect";
import { db } from "@/server/db/client";
import { migrations, reports, runs, runTables } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { buildPlan, type MigrationPlan, type TablePlan } from "@/server/plan/build-plan";
import { buildReport } from "@/server/reports/build-report";
import { copyTable, CopyCancelled } from "@/server/copy/copy-table";
import { ClientPool } from "@/server/target/client-pool";
import { analyzeTables, buildForeignKeys, buildTableKeys } from "@/server/target/post-data";
import { prepareTarget } from "@/server/target/prepare-target";
import { prepareTargetSession } from "@/server/target/session";
import { sourceChecksum, targetChecksum, targetCount } from "@/server/verify/checksum-table";
import { RunRecorder } from "./run-recorder";

const PHASES: RunPhase[] = ["queued", "preflight", "schema", "data", "post-data", "verify", "report", "done"];
const reached = (current: string, phase: RunPhase) =>
  PHASES.indexOf(current as RunPhase) >= PHASES.indexOf(phase);

type Ctx = {
  runId: string;
  rec: RunRecorder;
  plan: MigrationPlan;
  options: MigrationOptions;
  source: SourceConnector;
  pool: ClientPool;
};

/**
 * Executes a run from wherever it stopped: a worker killed mid-run re-enters here (BullMQ re-queues the
 * stalled job) and redoes only what did not finish. Every failure ends as a stated run status.
 */
export async function executeRun(runId: string): Promise<void> {
  const [run] = await db().select().from(runs).where(eq(runs.id, runId));
  if (!run || ["succeeded", "failed", "cancelled"].includes(run.status)) return;
  const rec = new RunRecorder(runId);
  await db()
    .update(runs)
    .set({ attempts: run.attempts + 1 })
    .where(eq(runs.id, runId));
  if (run.attempts > 0)
    await rec.log(
      "warn",
      `Resuming after an interrupted attempt; finished tables are kept, unfinished ones are copied again.`,
    );

  let source: SourceConnector | null = null;
  const targets: pg.Client[] = [];
  try {
    const [migration] = await db().select().from(migrations).where(eq(migrations.id, run.migrationId));
    if (!migration) throw new DomainError(404, "not_found", "The migration of this run no longer exists.");
    const options = MigrationOptions.parse(migration.options);
    await rec.status("running", reached(run.phase, "preflight") ? (run.phase as RunPhase) : "preflight");

    const [src, tgt] = await Promise.all([
      loadConnection(migration.sourceId),
      loadConnection(migration.targetId),
    ]);
    if (tgt.engine !== "postgres")
      throw new DomainError(400, "bad_target", `The target "${tgt.name}" is not a PostgreSQL connection.`);
    source = await openSource(src);
    const plan = buildPlan(await source.introspect(migration.tables ?? undefined), migration.tables, options);
    for (const skipped of plan.skippedForeignKeys)
      await rec.log("warn", `Foreign key ${skipped} is left out.`);
    const totalRows = plan.tables.reduce((n, t) => n + t.rowCount, 0);
    await rec.log(
      "info",
      `Planned ${plan.tables.length} table(s) with ${totalRows.toLocaleString("en")} rows from ${src.name}.`,
    );
    for (let i = 0; i < Math.max(1, options.parallelTables); i++) {
      const client = await connectPg(tgt.settings, "ferry-run");
      await prepareTargetSession(client);
      targets.push(client);
    }
    const ctx: Ctx = { runId, rec, plan, options, source, pool: new ClientPool(targets) };
    await registerTables(ctx);

    if (!reached(run.phase, "data")) {
      await rec.status("running", "schema");
      const { dropped } = await prepareTarget(targets[0]!, plan, options.ifTargetExists);
      if (dropped.length)
        await rec.log("warn", `Dropped and recreated existing target table(s): ${dropped.join(", ")}.`);
      await rec.log(
        "info",
        `Created ${plan.tables.length} table(s) in schema "${plan.schema}" of ${describeTarget(tgt)}.`,
      );
    }
    if (!reached(run.phase, "post-data")) {
      await rec.status("running", "data");
      await copyAndIndex(ctx);
    }
    if (!reached(run.phase, "verify")) {
      await rec.status("running", "post-data");
      await foreignKeysAndStatistics(ctx);
    }
    await rec.status("verifying", "verify");
    const tables = await verify(ctx);
    await rec.status("verifying", "report");
    const ok = await storeReport(ctx, run, migration, src, tgt, tables);
    await rec.verified(ok);
    if (ok) {
      await rec.log("info", `Verified: all ${tables.length} table(s) match by count and checksum.`);
      await rec.status("succeeded", "done");
    } else {
      const bad = tables.filter((t) => !t.match).map((t) => t.name);
      await rec.status(
        "failed",
        "done",
        `Verification found differences in ${bad.length} table(s): ${bad.join(", ")}. See the report.`,
      );
    }
  } catch (err) {
    if (err instanceof CopyCancelled || rec.isCancelled) {
      await rec.log(
        "warn",
        "Cancelled on request. Tables already copied stay in the target; the rest are empty or absent.",
      );
      await rec.status("cancelled", "done", "Cancelled on request.");
      return;
    }
    const message = err instanceof DomainError ? err.message : `${(err as Error).message}`;
    await rec.log("error", message);
    await rec.status("failed", (await currentPhase(runId)) as RunPhase, message);
  } finally {
    await Promise.all(targets.map((c) => c.end().catch(() => undefined)));
    await source?.close().catch(() => undefined);
  }
}

const describeTarget = (t: LoadedConnection) =>
  t.engine === "postgres" ? `${t.settings.host}:${t.settings.port}/${t.settings.database}` : t.name;

async function currentPhase(runId: string): Promise<string> {
  const [row] = await db().select({ phase: runs.phase }).from(runs).where(eq(runs.id, runId));
  return row?.phase ?? "preflight";
}

async function registerTables(ctx: Ctx): Promise<void> {
  await registerTableRows(ctx);
  await ctx.rec.loadTables();
}

async function registerTableRows(ctx: Ctx): Promise<void> {
  await db()
    .insert(runTables)
    .values(
      ctx.plan.tables.map((t, position) => ({
        runId: ctx.runId,
        name: t.source.name,
        targetName: t.target,
        position,
        rowsTotal: t.rowCount,
      })),
    )
    .onConflictDoNothing();
}

/**
 * Copies tables largest first and builds each table's keys and indexes as soon as its data is in, while
 * other tables are still copying: index builds overlap the copy instead of waiting for all of it.
 */
async function copyAndIndex(ctx: Ctx): Promise<void> {
  const done = await db()
    .select({ name: runTables.name })
    .from(runTables)
    .where(
      and(eq(runTables.runId, ctx.runId), inArray(runTables.status, ["copied", "verified", "mismatch"])),
    );
  const copied = new Set(done.map((d) => d.name));
  const ordered = [...ctx.plan.tables].sort((a, b) => b.rowCount - a.rowCount);
  const started = performance.now();
  await Promise.all(
    ordered.map(async (t) => {
      if (!copied.has(t.source.name)) await ctx.pool.run((client) => copyOne(ctx, client, t));
      await buildTableKeys(ctx.pool, ctx.plan.schema, t);
    }),
  );
  const rows = ctx.plan.tables.reduce((n, t) => n + t.rowCount, 0);
  const indexes = ctx.plan.tables.reduce((n, t) => n + t.indexes.length + (t.primaryKey ? 1 : 0), 0);
  const seconds = (performance.now() - started) / 1000;
  await ctx.rec.log(
    "info",
    `Copied ${rows.toLocaleString("en")} rows and built ${indexes} index(es) in ${seconds.toFixed(1)} s.`,
  );
}

async function copyOne(ctx: Ctx, client: pg.Client, t: TablePlan): Promise<void> {
  if (await ctx.rec.cancelRequested()) throw new CopyCancelled();
  const state = { rowsTotal: t.rowCount, error: null };
  try {
    await ctx.rec.table(t.source.name, { ...state, status: "copying", rowsDone: 0, bytesDone: 0 }, true);
    let cancel = false;
    const result = await copyTable({
      source: ctx.source,
      target: client,
      schema: ctx.plan.schema,
      table: t,
      batchRows: ctx.options.batchSize,
      onProgress: (p) => {
        void ctx.rec.table(t.source.name, { ...state, status: "copying", ...p });
        void ctx.rec.cancelRequested().then((c) => (cancel = c));
      },
      shouldStop: () => cancel,
    });
    await ctx.rec.table(
      t.source.name,
      { status: "copied", rowsTotal: Math.max(t.rowCount, result.rowsDone), ...result, error: null },
      true,
    );
  } catch (err) {
    if (!(err instanceof CopyCancelled))
      await ctx.rec.table(
        t.source.name,
        { status: "failed", rowsDone: 0, bytesDone: 0, error: (err as Error).message },
        true,
      );
    throw err;
  }
}

async function foreignKeysAndStatistics(ctx: Ctx): Promise<void> {
  const started = performance.now();
  const fks = await buildForeignKeys(ctx.pool, ctx.plan);
  for (const fk of fks.filter((f) => !f.valid))
    await ctx.rec.log("warn", `Foreign key ${fk.name} on "${fk.table}" ${fk.problem}`);
  await analyzeTables(ctx.pool, ctx.plan);
  const seconds = (performance.now() - started) / 1000;
  await ctx.rec.log(
    "info",
    `Validated ${fks.filter((f) => f.valid).length} of ${fks.length} foreign key(s) and analyzed ${ctx.plan.tables.length} table(s) in ${seconds.toFixed(1)} s.`,
  );
}

async function verify(ctx: Ctx): Promise<ReportTableV1[]> {
  const started = performance.now();
  const tables = await Promise.all(
    ctx.plan.tables.map((t) => ctx.pool.run((client) => verifyTable(ctx, client, t))),
  );
  await ctx.rec.log(
    "info",
    `Verified ${tables.length} table(s) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  return tables;
}

async function verifyTable(ctx: Ctx, client: pg.Client, t: TablePlan): Promise<ReportTableV1> {
  const name = t.source.name;
  await ctx.rec.table(name, { status: "verifying" }, true);
  const [src, tgt, count] = await Promise.all([
    sourceChecksum(ctx.source, t, ctx.options.batchSize, () => undefined),
    targetChecksum(client, ctx.plan.schema, t),
    targetCount(client, ctx.plan.schema, t),
  ]);
  const match = src.rows === count && src.checksum === tgt.checksum;
  await ctx.rec.table(
    name,
    {
      status: match ? "verified" : "mismatch",
      rowsDone: count,
      error: match ? null : "counts or checksums differ",
    },
    true,
  );
  return {
    name,
    targetName: t.target,
    sourceRows: src.rows,
    targetRows: count,
    sourceChecksum: src.checksum,
    targetChecksum: tgt.checksum,
    checksumMethod: src.method,
    match,
  };
}

async function storeReport(
  ctx: Ctx,
  run: typeof runs.$inferSelect,
  migration: typeof migrations.$inferSelect,
  src: LoadedConnection,
  tgt: LoadedConnection & { engine: "postgres" },
  tables: ReportTableV1[],
): Promise<boolean> {
  const { rows } = await ctx.pool.run((c) =>
    c.query<{ v: string }>("SELECT current_setting('server_version') AS v"),
  );
  const [fresh] = await db().select({ startedAt: runs.startedAt }).from(runs).where(eq(runs.id, run.id));
  const { report, sha256 } = buildReport({
    runId: run.id,
    migration: { id: migration.id, name: migration.name },
    source: { engine: src.engine, name: src.name, fingerprint: await ctx.source.fingerprint() },
    target: {
      name: tgt.name,
      serverVersion: rows[0]!.v,
      database: tgt.settings.database,
      schema: ctx.plan.schema,
    },
    startedAt: (fresh?.startedAt ?? run.createdAt).toISOString(),
    finishedAt: new Date().toISOString(),
    tables,
  });
  await db()
    .insert(reports)
    .values({ runId: run.id, ok: report.ok, body: report, sha256 })
    .onConflictDoUpdate({ target: reports.runId, set: { ok: report.ok, body: report, sha256 } });
  return report.ok;
}
