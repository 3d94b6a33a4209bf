import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { CatalogObjectKind, TableFingerprint } from "@/contracts/rollback";
import { dumpTables } from "@/server/connectors/postgres/pg-tools";
import { db } from "@/server/db/client";
import { runSnapshots } from "@/server/db/schema";
import type { RunContext } from "@/server/runs/run-context";
import { readTargetCatalog } from "./read-target-catalog";
import { snapshotFile, snapshotPath } from "./snapshot-files";
import { fingerprintTable } from "./table-fingerprint";

// Views go with the tables they read: dropping a table to restore it takes its views along.
const DUMPED_KINDS = new Set<CatalogObjectKind>([
  "table",
  "view",
  "materialized view",
  "sequence",
  "foreign table",
]);

/**
 * Before the run's first write, when the migration asks for it: the target's catalog (to tell later what the
 * run created), and a pg_dump of every existing table (and view, sequence) in the schemas the run writes into, with row
 * fingerprints. Schema-wide, not only the tables the plan replaces: post-scripts may change any of them.
 * Once per run: a resumed run has already written, so its snapshot is the one taken first.
 */
export async function takeSnapshot(ctx: RunContext): Promise<void> {
  if (!ctx.options.snapshotBeforeRun) return;
  const [taken] = await db()
    .select({ runId: runSnapshots.runId })
    .from(runSnapshots)
    .where(eq(runSnapshots.runId, ctx.runId));
  if (taken) return;
  const started = performance.now();
  await ctx.rec.step(
    { label: "Snapshot of the target", detail: "reading the catalog", done: 0, total: 1 },
    true,
  );
  const before = await ctx.pool.run(readTargetCatalog);
  const schemas = new Set(ctx.plan.tables.map((t) => t.schema));
  const dumped = before.filter((o) => DUMPED_KINDS.has(o.kind) && schemas.has(o.schema!));
  const existing = dumped.filter((o) => o.kind === "table").map((o) => ({ schema: o.schema!, name: o.name }));
  let file: string | null = null;
  let bytes: number | null = null;
  let tables: TableFingerprint[] = [];
  if (existing.length) {
    await ctx.rec.step(
      {
        label: "Snapshot of the target",
        detail: `pg_dump of ${existing.length} table(s)`,
        done: 0,
        total: 1,
      },
      true,
    );
    file = snapshotFile(ctx.runId);
    const abs = snapshotPath(file);
    await mkdir(path.dirname(abs), { recursive: true });
    await rm(abs, { force: true });
    // Fingerprints first, dump second: nothing of the run writes in between, so both see the same rows.
    tables = await ctx.pool.run(async (c) => {
      const out: TableFingerprint[] = [];
      for (const t of existing) out.push(await fingerprintTable(c, t.schema, t.name));
      return out;
    });
    await dumpTables({
      target: ctx.target,
      tables: dumped.map((o) => ({ schema: o.schema!, name: o.name })),
      file: abs,
    });
    bytes = (await stat(abs)).size;
  }
  const durationMs = Math.round(performance.now() - started);
  await db()
    .insert(runSnapshots)
    .values({
      runId: ctx.runId,
      file,
      bytes,
      durationMs,
      dumped: existing.length ? dumped : [],
      tables,
      before,
    });
  await ctx.rec.step(null);
  await ctx.rec.log(
    "info",
    existing.length
      ? `Snapshot for rollback: pg_dump -Fc of ${existing.length} existing table(s) (${existing.map((t) => `${t.schema}.${t.name}`).join(", ")}; ${tables.reduce((n, t) => n + t.rows, 0).toLocaleString("en")} rows), ${bytes!.toLocaleString("en")} bytes in ${(durationMs / 1000).toFixed(1)} s; noted the target's ${before.length} existing object(s).`
      : `Snapshot for rollback: the target schema(s) hold no table yet, nothing to dump; noted the target's ${before.length} existing object(s) in ${(durationMs / 1000).toFixed(1)} s.`,
  );
}
