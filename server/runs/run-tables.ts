import { and, eq, inArray } from "drizzle-orm";
import type pg from "pg";
import type { ReportTableV1 } from "@/contracts/reports";
import { tableKey } from "@/server/catalog/catalog";
import { copyTable, CopyCancelled } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { runTables } from "@/server/db/schema";
import type { TablePlan } from "@/server/plan/build-plan";
import type { TableChecksum } from "@/server/verify/checksum-table";
import { targetChecksum, targetCount } from "@/server/verify/checksum-table";
import { RejectCollector, recordRejects, rejectedKeysOf } from "./reject-rows";
import type { RunContext } from "./run-context";

export async function registerTables(ctx: RunContext): Promise<void> {
  await db()
    .insert(runTables)
    .values(
      ctx.plan.tables.map((t, position) => ({
        runId: ctx.runId,
        name: tableKey(t.source),
        targetName: t.target,
        position,
        rowsTotal: t.rowCount,
      })),
    )
    .onConflictDoNothing();
  await ctx.rec.loadTables();
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

/** Counts and checksums one table on both sides; `sourceSide` reads the source independently of the copy. */
export async function verifyTable(
  ctx: RunContext,
  client: pg.Client,
  t: TablePlan,
  sourceSide: () => Promise<TableChecksum>,
): Promise<ReportTableV1> {
  const name = tableKey(t.source);
  t.rejectedKeys = await rejectedKeysOf(ctx.runId, name);
  await ctx.rec.table(name, { status: "verifying" }, true);
  const [src, tgt, count] = await Promise.all([
    sourceSide(),
    targetChecksum(client, t.schema, t),
    targetCount(client, t.schema, t),
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
    targetName: `${t.schema}.${t.target}`,
    sourceRows: src.rows,
    targetRows: count,
    sourceChecksum: src.checksum,
    targetChecksum: tgt.checksum,
    checksumMethod: src.method,
    match,
    rejectedRows: t.rejectedKeys?.length ?? 0,
  };
}
