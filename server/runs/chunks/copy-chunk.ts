import { setTimeout } from "node:timers/promises";
import { eq } from "drizzle-orm";
import type pg from "pg";
import type { KeyRangeFilter } from "@/server/connectors/connector";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { isTransientPgError } from "@/server/connectors/postgres/transient-error";
import { copyOutSql, SnapshotGone } from "@/server/connectors/postgres/copy-out";
import { pipeCopy, PipeCancelled } from "@/server/connectors/postgres/copy-pipe";
import { loadConnection } from "@/server/connections/load-connection";
import { copyInSql, replaceRows } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { migrations, runs } from "@/server/db/schema";
import type { ChunkJobPayload } from "@/server/queue/jobs";
import type { TablePlan } from "@/server/plan/build-plan";
import { qualified } from "@/server/plan/identifiers";
import { RunRecorder } from "../run-recorder";
import { chunkSessionName } from "./chunk-session-name";
import { getChunk, tablePlanOf, updateChunk, type ChunkRow } from "./chunk-store";
import { chunkSessionKeys, chunkSessions, openChunkSource, openChunkTarget, reuseOr } from "./chunk-sessions";

const PROGRESS_MS = 500;
/** A chunk whose session is lost (a terminated backend, a dropped connection) is copied again, this often. */
const CHUNK_TRIES = 3;
const RETRY_BACKOFF_MS = 1_000;

export type ChunkOutcome = "done" | "stale" | "cancelled" | "failed";

/**
 * Copies one key range of one table, in any worker process. A job left over from an interrupted attempt
 * is recognised (attempt number, or its snapshot is gone) and does nothing: the resumed attempt re-enqueues
 * what is unfinished.
 */
export async function copyChunk(job: ChunkJobPayload): Promise<ChunkOutcome> {
  // Read side by side: the first chunks' setup is on the way from the schema to the first COPY.
  const [[run], chunk, table] = await Promise.all([
    db()
      .select({
        status: runs.status,
        attempts: runs.attempts,
        cancelRequested: runs.cancelRequested,
        snapshotId: runs.snapshotId,
        sourceId: migrations.sourceId,
        targetId: migrations.targetId,
      })
      .from(runs)
      .innerJoin(migrations, eq(migrations.id, runs.migrationId))
      .where(eq(runs.id, job.runId)),
    getChunk(job.runId, job.table, job.seq),
    tablePlanOf(job.runId, job.table),
  ]);
  if (!run || run.status !== "running" || run.attempts !== job.attempt) return "stale";
  if (!chunk || chunk.status === "done" || !table?.plan) return "stale";
  const rec = new RunRecorder(job.runId);
  if (run.cancelRequested) return "cancelled";

  // Only a chunk that opens sessions of its own waits for these: the first chunks take sessions opened ahead.
  const settings = Promise.all([loadConnection(run.sourceId), loadConnection(run.targetId)]).then(
    ([src, tgt]) => {
      if (src.engine !== "postgres" || tgt.engine !== "postgres")
        throw new Error("the migration's source or target is no longer a PostgreSQL connection");
      return { src: src.settings, tgt: tgt.settings };
    },
  );
  settings.catch(() => undefined); // its error surfaces where a session is opened
  const plan = table.plan;
  const keyColumn = plan.primaryKey?.length === 1 ? plan.primaryKey[0]! : null;
  const range =
    chunk.lo === null && chunk.hi === null ? undefined : { column: keyColumn!, lo: chunk.lo, hi: chunk.hi };
  const where = range ? ` (key ${keyColumn} from ${range.lo ?? "−∞"} to below ${range.hi ?? "+∞"})` : "";
  for (let attempt = 1; ; attempt++) {
    try {
      return await copyOnce({
        job,
        snapshotId: run.snapshotId,
        chunk,
        plan,
        range,
        settings,
        rec,
      });
    } catch (err) {
      if (err instanceof SnapshotGone) return "stale";
      if (attempt < CHUNK_TRIES && isTransientPgError(err)) {
        await rec.log(
          "warn",
          `Table ${job.table}${where}: the connection was lost (${(err as Error).message}); the chunk's transaction rolled back, copying it again (try ${attempt + 1} of ${CHUNK_TRIES}).`,
        );
        await setTimeout(RETRY_BACKOFF_MS * attempt);
        continue;
      }
      await updateChunk(chunk, {
        status: "failed",
        error: `Table ${job.table}${where}: ${(err as Error).message}`,
      });
      return "failed";
    }
  }
}

/** One try: its own source and target sessions, one target transaction; throws what a retry may fix. */
type CopyTry = {
  job: ChunkJobPayload;
  snapshotId: string | null;
  chunk: ChunkRow;
  plan: TablePlan;
  range: KeyRangeFilter | undefined;
  settings: Promise<{ src: PgConnectionSettings; tgt: PgConnectionSettings }>;
  rec: RunRecorder;
};

async function copyOnce({
  job,
  snapshotId,
  chunk,
  plan,
  range,
  settings,
  rec,
}: CopyTry): Promise<ChunkOutcome> {
  const keys = chunkSessionKeys({ runId: job.runId, attempt: job.attempt, snapshotId });
  const [source, target] = await openSessions(
    () =>
      reuseOr(keys.source, chunkSessionName("ferry-copy-out", job), async (name) =>
        openChunkSource((await settings).src, name, snapshotId),
      ),
    () =>
      reuseOr(keys.target, chunkSessionName("ferry-chunk", job), async (name) =>
        openChunkTarget((await settings).tgt, name),
      ),
  );
  let reusable = false;
  // Progress writes, the first one included, are not awaited by the copy; chained, so the final status lands
  // after the last of them.
  let progressWritten: Promise<unknown> = updateChunk(chunk, {
    status: "copying",
    rowsDone: 0,
    bytesDone: 0,
    error: null,
    countCopy: true,
  }).catch(() => undefined);
  try {
    let lastProgress = 0;
    let cancel = false;
    const name = qualified(plan.schema, plan.target);
    const columns = plan.columns.map((c) => ({ name: c.source }));
    const result = await replaceRows(target, name, plan, range, (mode) =>
      pipeCopy({
        source,
        outSql: copyOutSql(plan.source, columns, { range, binary: plan.binaryCopy }),
        target,
        inSql: copyInSql(name, plan, mode),
        onProgress: (p) => {
          if (Date.now() - lastProgress < PROGRESS_MS) return;
          lastProgress = Date.now();
          progressWritten = progressWritten
            .then(() => updateChunk(chunk, { status: "copying", ...p }))
            .catch(() => undefined);
          void rec.cancelRequested().then((c) => (cancel = c));
        },
        shouldStop: () => cancel,
      }),
    );
    await progressWritten;
    await updateChunk(chunk, { status: "done", ...result, doneInAttempt: job.attempt });
    reusable = true;
    return "done";
  } catch (err) {
    await progressWritten;
    if (err instanceof PipeCancelled) {
      await updateChunk(chunk, { status: "pending", rowsDone: 0, bytesDone: 0 });
      return "cancelled";
    }
    throw err;
  } finally {
    if (reusable) {
      chunkSessions.give(keys.source, source);
      chunkSessions.give(keys.target, target);
    } else await Promise.all([source.end().catch(() => undefined), target.end().catch(() => undefined)]);
  }
}

/**
 * Opens a chunk's source and target sessions side by side (each costs a connection round trip). If either
 * fails, the other is closed and the source's error wins: a vanished snapshot must reach the caller as such.
 */
async function openSessions(
  openSource: () => Promise<pg.Client>,
  openTarget: () => Promise<pg.Client>,
): Promise<[pg.Client, pg.Client]> {
  const [s, t] = await Promise.allSettled([openSource(), openTarget()]);
  if (s.status === "fulfilled" && t.status === "fulfilled") return [s.value, t.value];
  await Promise.all(
    [s, t].map((r) => (r.status === "fulfilled" ? r.value.end().catch(() => undefined) : undefined)),
  );
  throw s.status === "rejected" ? s.reason : (t as PromiseRejectedResult).reason;
}
