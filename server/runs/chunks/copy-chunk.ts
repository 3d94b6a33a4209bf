import { eq } from "drizzle-orm";
import { MigrationOptions } from "@/contracts/migrations";
import type { SourceConnector } from "@/server/connectors/connector";
import { connectPg } from "@/server/connectors/postgres/connect";
import { beginSnapshotRead, copyOut, SnapshotGone } from "@/server/connectors/postgres/copy-out";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { loadConnection } from "@/server/connections/load-connection";
import { copyTable, CopyCancelled } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { migrations, runs } from "@/server/db/schema";
import type { ChunkJobPayload } from "@/server/queue/jobs";
import { prepareTargetSession } from "@/server/target/session";
import { RunRecorder } from "../run-recorder";
import { getChunk, tablePlanOf, updateChunk } from "./chunk-store";

const PROGRESS_MS = 500;

export type ChunkOutcome = "done" | "stale" | "cancelled" | "failed";

/**
 * Copies one key range of one table, in any worker process. A job left over from an interrupted attempt
 * is recognised (attempt number, or its snapshot is gone) and does nothing: the resumed attempt re-enqueues
 * what is unfinished.
 */
export async function copyChunk(job: ChunkJobPayload): Promise<ChunkOutcome> {
  const [run] = await db().select().from(runs).where(eq(runs.id, job.runId));
  if (!run || run.status !== "running" || run.attempts !== job.attempt) return "stale";
  const chunk = await getChunk(job.runId, job.table, job.seq);
  const table = await tablePlanOf(job.runId, job.table);
  if (!chunk || chunk.status === "done" || !table?.plan) return "stale";
  const rec = new RunRecorder(job.runId);
  if (run.cancelRequested) return "cancelled";

  const [migration] = await db().select().from(migrations).where(eq(migrations.id, run.migrationId));
  const [src, tgt] = await Promise.all([
    loadConnection(migration!.sourceId),
    loadConnection(migration!.targetId),
  ]);
  if (src.engine !== "postgres" || tgt.engine !== "postgres") return "stale";
  if (!(await snapshotStillHeld(src.settings, run.snapshotId))) return "stale";

  const plan = table.plan;
  const keyColumn = plan.primaryKey?.length === 1 ? plan.primaryKey[0]! : null;
  const range =
    chunk.lo === null && chunk.hi === null ? undefined : { column: keyColumn!, lo: chunk.lo, hi: chunk.hi };
  const target = await connectPg(tgt.settings, "ferry-chunk");
  // Progress writes are not awaited by the copy; chained, so the final status lands after the last of them.
  let progressWritten: Promise<unknown> = Promise.resolve();
  try {
    await prepareTargetSession(target);
    await updateChunk(chunk, { status: "copying", rowsDone: 0, bytesDone: 0, error: null, countCopy: true });
    let lastProgress = 0;
    let cancel = false;
    const result = await copyTable({
      source: snapshotReader(src.settings, run.snapshotId),
      target,
      schema: plan.schema,
      table: plan,
      batchRows: MigrationOptions.parse(migration!.options).batchSize,
      range,
      onProgress: (p) => {
        if (Date.now() - lastProgress < PROGRESS_MS) return;
        lastProgress = Date.now();
        progressWritten = progressWritten
          .then(() => updateChunk(chunk, { status: "copying", ...p }))
          .catch(() => undefined);
        void rec.cancelRequested().then((c) => (cancel = c));
      },
      shouldStop: () => cancel,
    });
    await progressWritten;
    await updateChunk(chunk, { status: "done", ...result, doneInAttempt: job.attempt });
    return "done";
  } catch (err) {
    await progressWritten;
    if (err instanceof CopyCancelled) {
      await updateChunk(chunk, { status: "pending", rowsDone: 0, bytesDone: 0 });
      return "cancelled";
    }
    if (err instanceof SnapshotGone) return "stale";
    const where = range ? ` (key ${keyColumn} from ${range.lo ?? "−∞"} to below ${range.hi ?? "+∞"})` : "";
    await updateChunk(chunk, {
      status: "failed",
      error: `Table ${job.table}${where}: ${(err as Error).message}`,
    });
    return "failed";
  } finally {
    await target.end().catch(() => undefined);
  }
}

function snapshotReader(
  settings: PgConnectionSettings,
  snapshotId: string | null,
): Pick<SourceConnector, "engine" | "readCopyText"> {
  return {
    engine: "postgres",
    readCopyText: (table, columns, opts) => copyOut(settings, snapshotId, table, columns, opts),
  };
}

async function snapshotStillHeld(
  settings: PgConnectionSettings,
  snapshotId: string | null,
): Promise<boolean> {
  if (!snapshotId) return true;
  const client = await connectPg(settings, "ferry-snapshot-check");
  try {
    await beginSnapshotRead(client, snapshotId);
    await client.query("ROLLBACK");
    return true;
  } catch (err) {
    if (err instanceof SnapshotGone) return false;
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
