import { and, eq, inArray, sql } from "drizzle-orm";
import type pg from "pg";
import type { ReportCheckV1, ReportTableV1 } from "@/contracts/reports";
import { tableKey } from "@/server/catalog/catalog";
import { copyTable, CopyCancelled } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { runTables } from "@/server/db/schema";
import type { TablePlan } from "@/server/plan/build-plan";
import { inGroups } from "@/server/util/in-groups";
import { foreignKeysToCheck, orphanChecks } from "@/server/verify/foreign-key-orphans";
import { requiredColumnsCheck, type RequiredCounts } from "@/server/verify/required-columns";
import { sequenceHeadroomCheck } from "@/server/verify/sequence-headroom";
import { verifyContents, type VerifySource } from "@/server/verify/verify-contents";
import { VerifyProgress } from "@/server/verify/verify-progress";
import { RejectCollector, recordRejects, rejectedKeysByTable, rejectedKeysOf } from "./reject-rows";
import type { RunContext } from "./run-context";
import { isSmallTable } from "./small-tables";
import { TableStateBatch } from "./table-state-batch";

export async function registerTables(ctx: RunContext): Promise<void> {
  // The rows as one parameter: drizzle's insert of a schema of thousands of tables typed each value apart.
  const rows = ctx.plan.tables.map((t, position) => ({
    name: tableKey(t.source),
    target: t.target,
    position,
    total: t.rowCount,
  }));
  await db().execute(sql`
    INSERT INTO run_tables (run_id, name, target_name, position, rows_total)
    SELECT ${ctx.runId}, r.name, r.target, r.position, r.total
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(name text, target text, position int, total bigint)
        ON CONFLICT DO NOTHING`);
  await ctx.rec.loadTables();
  await ctx.rec.announceTables(
    ctx.plan.tables.map((t) => ({ name: tableKey(t.source), targetName: t.target, rowsTotal: t.rowCount })),
  );
}

/** Tables an earlier attempt already copied: a resumed run keeps them. */
export async function copiedTables(ctx: RunContext): Promise<Set<string>> {
  const done = await db()
    .select({ name: runTables.name })
    .from(runTables)
    .where(
      and(eq(runTables.runId, ctx.runId), inArray(runTables.status, ["copied", "verified", "mismatch"])),
    );
  return new Set(done.map((d) => d.name));
}

export async function copyOne(ctx: RunContext, client: pg.Client, t: TablePlan): Promise<void> {
  if (await ctx.rec.cancelRequested()) throw new CopyCancelled();
  const key = tableKey(t.source);
  try {
    await ctx.rec.table(
      key,
      { status: "copying", rowsDone: 0, bytesDone: 0, rowsTotal: t.rowCount, error: null },
      true,
    );
    let cancel = false;
    const rejects = new RejectCollector(key);
    const result = await copyTable({
      source: ctx.source,
      target: client,
      schema: t.schema,
      table: t,
      batchRows: ctx.options.batchSize,
      onReject: rejects.take,
      onProgress: (p) => {
        void ctx.rec.table(key, { status: "copying", ...p });
        void ctx.rec.cancelRequested().then((c) => (cancel = c));
      },
      shouldStop: () => cancel,
    });
    // Before "copied": a run interrupted here copies the table again, and finds the same rejects.
    await recordRejects(ctx, rejects, key);
    await ctx.rec.table(
      key,
      {
        status: "copied",
        rowsTotal: Math.max(t.rowCount - rejects.count, result.rowsDone),
        ...result,
        error: null,
      },
      true,
    );
  } catch (err) {
    if (!(err instanceof CopyCancelled))
      await ctx.rec.table(
        key,
        { status: "failed", rowsDone: 0, bytesDone: 0, error: (err as Error).message },
        true,
      );
    throw err;
  }
}

/**
 * Counts, checksums and compares one table on both sides by key-range segments (hash buckets without a
 * key); `source` reads the source independently of the copy. Progress goes to the run's verify step.
 */
export async function verifyTable(
  ctx: RunContext,
  client: pg.Client,
  t: TablePlan,
  source: VerifySource,
  progress: VerifyProgress,
  /** Where the table's statuses go: written with other tables' a moment later. */
  statuses: TableStateBatch,
  /** The table's rejected keys, when the caller read every table's at once. */
  rejected?: string[],
): Promise<{ table: ReportTableV1; required: { source: RequiredCounts; target: RequiredCounts } }> {
  const name = tableKey(t.source);
  t.rejectedKeys = rejected ?? (await rejectedKeysOf(ctx.runId, name));
  statuses.set(name, { status: "verifying" });
  // Progress goes to the run's step only, throttled: a schema of many small tables finishes hundreds a second.
  const r = await verifyContents(client, t, source, (rows) => progress.rows(name, rows));
  progress.rows(name, r.source.rows);
  const { count } = r.comparison.differences;
  const differs = count.missing + count.extra + count.changed > 0;
  const match = r.source.rows === r.targetRows && r.source.checksum === r.target.checksum && !differs;
  statuses.set(name, {
    status: match ? "verified" : "mismatch",
    rowsDone: r.targetRows,
    error: match
      ? null
      : `${count.missing} row(s) missing on the target, ${count.extra} extra, ${count.changed} changed`,
  });
  return {
    table: {
      name,
      targetName: `${t.schema}.${t.target}`,
      sourceRows: r.source.rows,
      targetRows: r.targetRows,
      sourceChecksum: r.source.checksum,
      targetChecksum: r.target.checksum,
      checksumMethod: r.source.method,
      match,
      rejectedRows: t.rejectedKeys?.length ?? 0,
      differences: r.comparison.differences.items,
      differenceCount: count,
      segments: r.comparison.segments,
    },
    required: r.required,
  };
}

const ORPHAN_GROUP = 50;

/** Every table of the plan, in parallel over the pool, then the integrity checks on the target. */
export async function verifyTables(
  ctx: RunContext,
  source: (t: TablePlan) => VerifySource,
): Promise<{ tables: ReportTableV1[]; checks: ReportCheckV1[] }> {
  const total = ctx.plan.tables.reduce((n, t) => n + t.rowCount, 0);
  const progress = new VerifyProgress(total, (step, force) => ctx.rec.step(step, force));
  const rejected = await rejectedKeysByTable(ctx.runId);
  const statuses = new TableStateBatch(ctx.rec);
  const results = await Promise.all(
    ctx.plan.tables.map((t) =>
      ctx.pool.run((client) =>
        verifyTable(ctx, client, t, source(t), progress, statuses, rejected.get(tableKey(t.source)) ?? []),
      ),
    ),
  ).catch(async (err: unknown) => {
    // The statuses gathered so far still land; the verification's own error is the one to report.
    await statuses.flush().catch(() => undefined);
    throw err;
  });
  await statuses.flush();
  // Each FK's orphan check on whichever session is free: a schema of many tables has many FKs.
  const fks = await ctx.pool.run((client) => foreignKeysToCheck(client, ctx.plan));
  // FKs of small tables checked 50 to a round trip, a big table's on a session of its own; the report keeps
  // the FKs' order.
  const small = new Set(ctx.plan.tables.filter(isSmallTable).map((t) => `${t.schema}\0${t.target}`));
  const isOfSmall = (fk: (typeof fks)[number]) => small.has(`${fk.schema}\0${fk.table}`);
  const groups = [
    ...inGroups(fks.filter(isOfSmall), ORPHAN_GROUP),
    ...fks.filter((fk) => !isOfSmall(fk)).map((fk) => [fk]),
  ];
  const [orphans, headroom] = await Promise.all([
    Promise.all(groups.map((group) => ctx.pool.run((client) => orphanChecks(client, group)))).then((r) => {
      const results = r.flat();
      const checked = new Map(groups.flat().map((fk, i) => [fk, results[i]!]));
      return fks.map((fk) => checked.get(fk)!);
    }),
    ctx.pool.run((client) => sequenceHeadroomCheck(client, ctx.plan)),
  ]);
  const checks: ReportCheckV1[] = [
    ...orphans,
    requiredColumnsCheck(results.map((r) => ({ name: r.table.name, ...r.required }))),
    headroom,
  ];
  return { tables: results.map((r) => r.table), checks };
}
