import { eq } from "drizzle-orm";
import type pg from "pg";
import type { CatalogObject, RollbackStep } from "@/contracts/rollback";
import { recordAudit } from "@/server/audit/record-audit";
import { loadConnection } from "@/server/connections/load-connection";
import { connectPg } from "@/server/connectors/postgres/connect";
import { restoreArchive } from "@/server/connectors/postgres/pg-tools";
import { db } from "@/server/db/client";
import { migrations, runRollbacks, runs, runSnapshots } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { RunRecorder } from "@/server/runs/run-recorder";
import { prepareTargetSession } from "@/server/target/session";
import { createdObjects, describeObject, rollbackDropStatements } from "./created-objects";
import { readTargetCatalog } from "./read-target-catalog";
import { activeRunOnTarget, publishRollback } from "./rollback-state";
import { snapshotPath } from "./snapshot-files";
import { fingerprintTable } from "./table-fingerprint";

const STEPS = [
  "Check the target is free",
  "Drop what the run created and restore the snapshot",
  "Verify the before-state",
];

/** Undoes a finished run: drops what it created, restores the tables it replaced, proves the before-state. */
export async function executeRollback(runId: string): Promise<void> {
  const [row] = await db().select().from(runRollbacks).where(eq(runRollbacks.runId, runId));
  if (!row || row.status === "succeeded") return;
  const rec = new RunRecorder(runId);
  const steps: RollbackStep[] = STEPS.map((label) => ({ label, status: "pending", detail: null }));
  const save = async (patch: Partial<typeof runRollbacks.$inferInsert> = {}) => {
    await db()
      .update(runRollbacks)
      .set({ steps, ...patch })
      .where(eq(runRollbacks.runId, runId));
    await publishRollback(runId);
  };
  const step = async (i: number, status: RollbackStep["status"], detail: string | null = null) => {
    steps[i] = { ...steps[i]!, status, detail };
    await save();
  };
  let current = 0;
  let target: pg.Client | null = null;
  try {
    await save({ status: "running" });
    await rec.log("info", "Rollback started.");
    await step(0, "running");
    const other = await activeRunOnTarget(runId);
    if (other)
      throw new DomainError(
        409,
        "target_busy",
        `Run ${other} is writing to the same target; nothing was changed.`,
      );
    const [snap] = await db().select().from(runSnapshots).where(eq(runSnapshots.runId, runId));
    const [m] = await db()
      .select({ targetId: migrations.targetId })
      .from(runs)
      .innerJoin(migrations, eq(migrations.id, runs.migrationId))
      .where(eq(runs.id, runId));
    if (!snap || !m) throw new DomainError(404, "not_found", "The run's snapshot is gone.");
    const tgt = await loadConnection(m.targetId);
    if (tgt.engine !== "postgres") throw new DomainError(400, "bad_target", "The target is not PostgreSQL.");
    target = await connectPg(tgt.settings, "ferry-rollback");
    await prepareTargetSession(target);
    let created = snap.created;
    if (!created) {
      // The run's worker died before it could note what it created: the diff now is the best there is.
      created = createdObjects(snap.before, await readTargetCatalog(target));
      await rec.log("warn", "The run ended without noting what it created; using the target's catalog now.");
    }
    await step(0, "done", "no other run on this target");

    current = 1;
    const statements = rollbackDropStatements(created, snap.dumped);
    const what = `${created.length} object(s) the run created dropped, ${snap.tables.length} table(s) restored from the snapshot`;
    await step(
      1,
      "running",
      `${created.length} object(s) to drop, ${snap.tables.length} table(s) to restore`,
    );
    const started = performance.now();
    if (snap.file)
      await restoreArchive({
        target: tgt.settings,
        file: snapshotPath(snap.file),
        beforeSql: statements.map((s) => `${s};`).join("\n"),
      });
    else await dropInOneTransaction(target, statements);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    await step(1, "done", `${what}, in one transaction, ${seconds} s`);
    await rec.log(
      "info",
      `Rollback: ${what}, in one transaction, in ${seconds} s. Dropped: ${created.slice(0, 20).map(describeObject).join(", ") || "nothing"}${created.length > 20 ? ", …" : ""}.`,
    );

    current = 2;
    await step(2, "running");
    const problems = await verifyBeforeState(target, snap.tables, snap.before, created);
    if (problems.length)
      throw new DomainError(
        500,
        "rollback_mismatch",
        `The target is not back to its before-state: ${problems.join("; ")}.`,
      );
    const rows = snap.tables.reduce((n, t) => n + t.rows, 0);
    const outcome = `Rolled back: dropped ${created.length} object(s) the run created; restored ${snap.tables.length} table(s) (${rows.toLocaleString("en")} rows), each matching its snapshot by count and checksum; no object the run created remains.`;
    await step(2, "done", `${snap.tables.length} table(s) match`);
    await save({ status: "succeeded", outcome, error: null, finishedAt: new Date() });
    await rec.log("info", outcome);
    await recordAudit(db(), {
      actor: null,
      action: "run.rollback_finished",
      objectType: "run",
      objectId: runId,
      details: { outcome: "succeeded", dropped: created.length, restoredTables: snap.tables.length },
    });
  } catch (err) {
    const message = err instanceof DomainError ? err.message : (err as Error).message;
    steps[current] = { ...steps[current]!, status: "failed", detail: message };
    await save({ status: "failed", error: message, finishedAt: new Date() });
    await rec.log("error", `Rollback failed: ${message}`);
    await recordAudit(db(), {
      actor: null,
      action: "run.rollback_finished",
      objectType: "run",
      objectId: runId,
      details: { outcome: "failed", step: STEPS[current], error: message },
    });
  } finally {
    await target?.end().catch(() => undefined);
  }
}

async function verifyBeforeState(
  target: pg.Client,
  tables: { schema: string; name: string; rows: number; checksum: string }[],
  before: CatalogObject[],
  created: CatalogObject[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const t of tables) {
    const now = await fingerprintTable(target, t.schema, t.name).catch(() => null);
    if (!now) problems.push(`${t.schema}.${t.name} is missing`);
    else if (now.rows !== t.rows || now.checksum !== t.checksum)
      problems.push(
        `${t.schema}.${t.name} has ${now.rows} row(s) (checksum ${now.checksum}), the snapshot had ${t.rows} (${t.checksum})`,
      );
  }
  const catalog = await readTargetCatalog(target);
  const gone = createdObjects(catalog, created);
  const remaining = createdObjects(gone, created);
  if (remaining.length) problems.push(`still present: ${remaining.map(describeObject).join(", ")}`);
  const missing = createdObjects(catalog, before);
  if (missing.length)
    problems.push(`missing since before the run: ${missing.map(describeObject).join(", ")}`);
  return problems;
}

async function dropInOneTransaction(target: pg.Client, statements: string[]): Promise<void> {
  await target.query("BEGIN");
  try {
    for (const s of statements) await target.query(s);
    await target.query("COMMIT");
  } catch (err) {
    await target.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
