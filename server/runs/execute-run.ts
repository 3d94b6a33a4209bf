import { eq } from "drizzle-orm";
import type pg from "pg";
import { MigrationOptions } from "@/contracts/migrations";
import type { ReportManifestV1, ReportV1 } from "@/contracts/reports";
import type { RunPhase } from "@/contracts/runs";
import { loadConnection, type LoadedConnection } from "@/server/connections/load-connection";
import { openSource } from "@/server/connections/open-source";
import { tableKey } from "@/server/catalog/catalog";
import type { SourceConnector } from "@/server/connectors/connector";
import { connectPg } from "@/server/connectors/postgres/connect";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { CopyCancelled } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { migrations, reports, runs } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { buildPlan } from "@/server/plan/build-plan";
import { plannedRowsLine } from "@/server/plan/planned-rows";
import { resolveScope, selectsWholeDatabase } from "@/server/plan/resolve-scope";
import { tickRunStep } from "@/server/checklists/apply-run-step";
import { assertPlanApproved } from "@/server/checklists/approval-gate";
import { reportSections } from "@/server/checklists/report-sections";
import { buildReport } from "@/server/reports/build-report";
import { signReportJson } from "@/server/reports/signing/sign-report";
import { ClientPool } from "@/server/target/client-pool";
import { analyzeTables } from "@/server/target/post-data";
import { prepareTargetSession } from "@/server/target/session";
import { recordCreatedObjects } from "@/server/rollback/record-created-objects";
import { takeSnapshot } from "@/server/rollback/take-snapshot";
import type { RunContext, RunStrategy, Verification } from "./run-context";
import { rejectsForReport } from "./reject-rows";
import { PhaseTimings } from "./phase-timings";
import { runPostScripts } from "./post-scripts";
import { RunRecorder } from "./run-recorder";
import { enterPhase } from "./phase-gate";
import { registerTables } from "./run-tables";
import { describeTargetState } from "./target-state";
import { generatedSchema } from "./strategies/generated-schema";
import { pgDumpSchema } from "./strategies/pg-dump-schema";
import { removeSchemaArchive } from "./strategies/schema-archive";

const PHASES: RunPhase[] = ["queued", "preflight", "schema", "data", "post-data", "verify", "report", "done"];
const reached = (current: string, phase: RunPhase) =>
  PHASES.indexOf(current as RunPhase) >= PHASES.indexOf(phase);

const strategyFor = (source: SourceConnector): RunStrategy =>
  source.capabilities.schemaFromPgDump ? pgDumpSchema : generatedSchema;

/**
 * Executes a run from wherever it stopped: a worker killed mid-run re-enters here (BullMQ re-queues the
 * stalled job) and redoes only what did not finish. Every failure ends as a stated run status.
 */
export async function executeRun(runId: string, { reverify = false } = {}): Promise<void> {
  const [run] = await db().select().from(runs).where(eq(runs.id, runId));
  if (!run || ["succeeded", "failed", "cancelled"].includes(run.status)) return;
  const rec = new RunRecorder(runId);
  const began = new Date();
  const timings = new PhaseTimings();
  const counted = db()
    .update(runs)
    .set({ attempts: run.attempts + 1 })
    .where(eq(runs.id, runId));
  // A promise, not drizzle's query (which runs again on each then): read once, awaited below.
  const migrationRead = Promise.resolve(
    db().select().from(migrations).where(eq(migrations.id, run.migrationId)),
  );
  migrationRead.catch(() => undefined); // its error surfaces where it is awaited
  await counted;
  if (reverify) await rec.log("info", "Verifying the target again on request; nothing is copied.");
  else if (run.attempts > 0)
    await rec.log(
      "warn",
      "Resuming after an interrupted attempt; finished tables are kept, unfinished ones are copied again.",
    );

  let source: SourceConnector | null = null;
  const targets: pg.Client[] = [];
  let targetsOpening: Promise<PromiseSettledResult<pg.Client>[]> | null = null;
  try {
    const [migration] = await migrationRead;
    if (!migration) throw new DomainError(404, "not_found", "The migration of this run no longer exists.");
    // The same gate as the API, so a job that reached the queue another way still writes nothing; the
    // connections, which only read Ferry's own database, are loaded meanwhile.
    const [, [src, tgt]] = await Promise.all([
      assertPlanApproved(db(), migration.id).catch((err: unknown) => {
        throw err instanceof DomainError
          ? new DomainError(err.status, err.code, `Refused before writing anything: ${err.message}`)
          : err;
      }),
      Promise.all([loadConnection(migration.sourceId), loadConnection(migration.targetId)]),
    ]);
    const options = MigrationOptions.parse(migration.options);
    if (tgt.engine !== "postgres")
      throw new DomainError(400, "bad_target", `The target "${tgt.name}" is not a PostgreSQL connection.`);
    // The run's target sessions connect side by side while the source is opened and read.
    targetsOpening = Promise.allSettled(
      Array.from({ length: Math.max(1, options.parallelTables) }, () => openTarget(tgt.settings)),
    );
    // The source's snapshot is taken while the run is marked running; both settle before either fails it.
    const [marked, sourceOpened] = await Promise.allSettled([
      rec.status("running", reached(run.phase, "preflight") ? (run.phase as RunPhase) : "preflight"),
      openSource(src, { consistent: true }),
    ]);
    if (marked.status === "rejected") {
      if (sourceOpened.status === "fulfilled") source = sourceOpened.value;
      throw marked.reason;
    }
    if (sourceOpened.status === "rejected") throw sourceOpened.reason;
    source = sourceOpened.value;
    if (!reverify && !reached(run.phase, "post-data"))
      strategyFor(source).prefetch?.(runId, source, {
        schemaPhase: !reached(run.phase, "data"),
        wholeDatabase: selectsWholeDatabase(migration.tables ?? null, options),
        ownersAndGrants: options.ownersAndGrants,
      });
    // A PostgreSQL source reads its whole catalog: unselected tables become exclusions of the schema restore.
    const catalog = await source.introspect(
      source.capabilities.schemaFromPgDump ? undefined : (migration.tables ?? undefined),
    );
    for (const note of catalog.notes ?? []) await rec.log("warn", note);
    const { scope, tables } = resolveScope(catalog, migration.tables, options);
    const plan = buildPlan(catalog, tables, options, (declared, o) => source!.mapType(declared, o));
    for (const skipped of plan.skippedForeignKeys)
      await rec.log("warn", `Foreign key ${skipped} is left out.`);
    for (const skipped of plan.skippedDefaults) await rec.log("warn", skipped);
    await rec.log("info", plannedRowsLine(plan, src.name));
    // Every one that opened is in `targets`, which the run closes however it ends.
    const opened = await targetsOpening;
    for (const o of opened) if (o.status === "fulfilled") targets.push(o.value);
    const refused = opened.find((o) => o.status === "rejected");
    if (refused) throw refused.reason;
    rec.onBeforeFinish(() =>
      recordCreatedObjects(runId, new ClientPool(targets), rec).catch((err: Error) =>
        rec.log("warn", `Could not note what the run created, for rollback: ${err.message}`),
      ),
    );
    const ctx: RunContext = {
      runId,
      attempt: run.attempts + 1,
      scope,
      rec,
      plan,
      options,
      source,
      target: tgt.settings,
      pool: new ClientPool(targets, () => openTarget(tgt.settings)),
      analyzed: new Set(),
    };
    const strategy = strategyFor(source);
    await registerTables(ctx);
    if (!reached(run.phase, "schema")) await takeSnapshot(ctx);

    timings.mark("preflight");
    // A phase's checklist tick is written while the next phase is entered: both are on the run's way.
    let ticked: Promise<void> = Promise.resolve();
    if (!reached(run.phase, "data")) {
      await enterPhase(rec, "running", "schema");
      await strategy.schema(ctx);
      ticked = tickRunStep(
        migration.id,
        "schema",
        `Run ${runId}: ${plan.tables.length} table(s) created in ${[...new Set(plan.tables.map((t) => t.schema))].join(", ") || options.targetSchema}.`,
      );
      timings.mark("schema");
    }
    if (!reached(run.phase, "post-data")) {
      await Promise.all([ticked, enterPhase(rec, "running", "data")]);
      await strategy.data(ctx);
      ticked = tickRunStep(
        migration.id,
        "data",
        `Run ${runId}: ${plan.tables.length} table(s) copied (${rec.rowsCopied.toLocaleString("en")} rows).`,
      );
      timings.mark("data");
    }
    if (!reached(run.phase, "verify")) {
      await Promise.all([ticked, enterPhase(rec, "running", "post-data")]);
      await strategy.postData(ctx);
      await Promise.all([
        tickRunStep(migration.id, "post-data", `Run ${runId}: keys, indexes and constraints built.`),
        runPostScripts(ctx),
      ]);
      timings.mark("post-data");
    }
    await rec.step(null);
    if (!reverify && !options.verifyAfterRun) {
      await analyzeRest(ctx, "before the run ends");
      await rec.log(
        "info",
        'Not verified: this migration verifies on request. "Verify now" on the run\'s page compares both sides and signs the report.',
      );
      await rec.status("succeeded", "done");
      return;
    }
    await enterPhase(rec, "verifying", "verify");
    const analyzing = reverify ? null : analyzeRest(ctx, "beside verification");
    const verification = await strategy.verify(ctx);
    await analyzing;
    await rec.step(null);
    timings.mark("verify");
    await enterPhase(rec, "verifying", "report");
    const manifest: ReportManifestV1 = {
      verification: reverify ? "re-verify" : "run",
      options: { ...options, tables: migration.tables ?? "all" },
      timings: timings.list(),
    };
    const report = await storeReport(
      ctx,
      run,
      migration,
      src,
      tgt,
      verification,
      manifest,
      reverify ? began : null,
    );
    const ok = report.ok;
    await rec.verified(ok);
    const badTables = report.tables.filter((t) => !t.match).map((t) => t.name);
    const badChecks = report.checks.filter((c) => !c.ok).map((c) => c.name);
    if (ok) {
      await rec.log(
        "info",
        `Verified: all ${report.tables.length} table(s) match by count and checksum${report.checks.length ? `, and all ${report.checks.length} checks pass` : ""}.`,
      );
      await rec.status("succeeded", "done");
    } else {
      const parts = [
        badTables.length ? `${badTables.length} table(s) differ: ${badTables.join(", ")}` : "",
        badChecks.length ? `${badChecks.length} check(s) fail: ${badChecks.join(", ")}` : "",
      ].filter(Boolean);
      await rec.status(
        "failed",
        "done",
        `Verification found differences — ${parts.join("; ")}. See the report.`,
      );
    }
  } catch (err) {
    if (err instanceof CopyCancelled || rec.isCancelled) {
      await rec.log("warn", `Cancelled on request. ${await describeTargetState(runId)}`);
      await rec.status("cancelled", "done", "Cancelled on request.");
      return;
    }
    const message = err instanceof DomainError ? err.message : `${(err as Error).message}`;
    await rec.log("error", message);
    await rec.log("warn", await describeTargetState(runId));
    await rec.status("failed", (await currentPhase(runId)) as RunPhase, message);
  } finally {
    // Sessions still connecting when the run failed are closed too.
    for (const o of (await targetsOpening) ?? [])
      if (o.status === "fulfilled" && !targets.includes(o.value)) targets.push(o.value);
    await Promise.all(targets.map((c) => c.end().catch(() => undefined)));
    await removeSchemaArchive(runId).catch(() => undefined);
    await source?.close().catch(() => undefined);
  }
}

/**
 * ANALYZE of the tables the data phase did not analyze (beside verification when there is one). Not needed for
 * the data to be complete and correct; a failure only costs the planner its statistics.
 */
async function analyzeRest(ctx: RunContext, when: string): Promise<void> {
  if (!ctx.options.analyzeInRun) return leaveAnalyzeToAutovacuum(ctx);
  const started = performance.now();
  const rest = ctx.plan.tables.filter((t) => !ctx.analyzed.has(tableKey(t.source)));
  // Every table was analyzed as soon as it was finished, as the data phase's line says.
  if (!rest.length) return;
  try {
    await analyzeTables(ctx.pool, rest);
    await ctx.rec.log(
      "info",
      `Analyzed the other ${rest.length} of ${ctx.plan.tables.length} table(s) for the planner's statistics in ${((performance.now() - started) / 1000).toFixed(1)} s, ${when}.`,
    );
  } catch (err) {
    await ctx.rec.log(
      "warn",
      `ANALYZE failed (${(err as Error).message}); the data is unaffected, but run ANALYZE on the target before using it.`,
    );
  }
}

/** The migration leaves ANALYZE to autovacuum: says so, and what to do when the target's autovacuum is off. */
async function leaveAnalyzeToAutovacuum(ctx: RunContext): Promise<void> {
  const { rows } = await ctx.pool.run((c) =>
    c.query<{ on: boolean }>("SELECT current_setting('autovacuum')::boolean AS on"),
  );
  if (rows[0]?.on)
    await ctx.rec.log(
      "info",
      "ANALYZE is left to autovacuum, as this migration asks: the planner has no statistics for the new tables until its next round (autovacuum_naptime, a minute by default). Run ANALYZE (or vacuumdb --analyze-in-stages) first if queries must be planned well at once.",
    );
  else
    await ctx.rec.log(
      "warn",
      "ANALYZE was left to autovacuum, as this migration asks, but autovacuum is off on the target: run ANALYZE (or vacuumdb --analyze-in-stages) before using it, or the planner works without statistics.",
    );
}

async function openTarget(settings: PgConnectionSettings): Promise<pg.Client> {
  const client = await connectPg(settings, "ferry-run");
  await prepareTargetSession(client);
  return client;
}

async function currentPhase(runId: string): Promise<string> {
  const [row] = await db().select({ phase: runs.phase }).from(runs).where(eq(runs.id, runId));
  return row?.phase ?? "preflight";
}

async function storeReport(
  ctx: RunContext,
  run: typeof runs.$inferSelect,
  migration: typeof migrations.$inferSelect,
  src: LoadedConnection,
  tgt: LoadedConnection & { engine: "postgres" },
  verification: Verification,
  manifest: ReportManifestV1,
  /** A re-verification reports its own start, not the run's. */
  startedAt: Date | null,
): Promise<ReportV1> {
  const { rows } = await ctx.pool.run((c) =>
    c.query<{ v: string }>("SELECT current_setting('server_version') AS v"),
  );
  const [fresh] = await db().select({ startedAt: runs.startedAt }).from(runs).where(eq(runs.id, run.id));
  const rejected = await rejectsForReport(run.id);
  const body = {
    runId: run.id,
    migration: { id: migration.id, name: migration.name },
    source: { engine: src.engine, name: src.name, fingerprint: await ctx.source.fingerprint() },
    target: {
      name: tgt.name,
      serverVersion: rows[0]!.v,
      database: tgt.settings.database,
      schema: [...new Set(ctx.plan.tables.map((t) => t.schema))].join(", ") || ctx.plan.schema,
    },
    startedAt: (startedAt ?? fresh?.startedAt ?? run.createdAt).toISOString(),
    manifest,
    finishedAt: new Date().toISOString(),
    ...verification,
    checks: [...verification.checks, ...(rejected.check ? [rejected.check] : [])],
    rejects: rejected.rejects,
  };
  // The verdict ticks the checklist's "verified" item first, so the report carries the checklist as it ends.
  const verdict = buildReport(body).report;
  await tickRunStep(
    migration.id,
    "verify",
    verdict.ok
      ? `Run ${run.id}: ${verdict.summary.tables} table(s) match by count and checksum${verdict.checks.length ? `; all ${verdict.checks.length} check(s) pass` : ""}.`
      : `Run ${run.id}: verification found differences; see the report.`,
    verdict.ok ? "done" : "failed",
  );
  const { report, json, sha256 } = buildReport({ ...body, ...(await reportSections(migration.id)) });
  // drizzle stores a json column as JSON.stringify(body), i.e. `json`; PostgreSQL's json keeps the text as is.
  const { signature, keyId } = await signReportJson(json);
  const row = { ok: report.ok, body: report, sha256, signature, keyId };
  await db()
    .insert(reports)
    .values({ runId: run.id, ...row })
    .onConflictDoUpdate({ target: reports.runId, set: row });
  return report;
}
