import { setTimeout } from "node:timers/promises";
import { eq } from "drizzle-orm";
import type pg from "pg";
import type { KeyRangeFilter } from "@/server/connectors/connector";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { isTransientPgError } from "@/server/connectors/postgres/transient-error";
import { copyOutSql, SnapshotGone } from "@/server/connectors/postgres/copy-out";
import { pipeCopy, PipeCancelled } from "@/server/connectors/postgres/copy-pipe";
import { loadConnection } from "@/server/connections/load-connection";
import { copyInSql, replaceRows, type CopyProgress } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { migrations, runs } from "@/server/db/schema";
import type { ChunkJobPayload } from "@/server/queue/jobs";
import type { TablePlan } from "@/server/plan/build-plan";
import { qualified } from "@/server/plan/identifiers";
import { RunRecorder } from "../run-recorder";
import { chunkSessionName } from "./chunk-session-name";
import { chunksAt, markChunks, tablePlansOf, updateChunk, type ChunkKey, type ChunkRow } from "./chunk-store";
import { chunkSessionKeys, chunkSessions, openChunkSource, openChunkTarget, reuseOr } from "./chunk-sessions";

const PROGRESS_MS = 500;
/** A chunk whose session is lost (a terminated backend, a dropped connection) is copied again, this often. */
const CHUNK_TRIES = 3;
const RETRY_BACKOFF_MS = 1_000;

export type ChunkOutcome = "done" | "stale" | "cancelled" | "failed";

/**
 * Copies one key range of one table, or a batch of small whole tables (job.more), in any worker process. A
 * job left over from an interrupted attempt is recognised (attempt number, or its snapshot is gone) and does
 * nothing: the resumed attempt re-enqueues what is unfinished.
 */
export async function copyChunk(job: ChunkJobPayload): Promise<ChunkOutcome> {
  const keys = [job, ...(job.more ?? [])].map((c) => ({ tableName: c.table, seq: c.seq }));
  // Read side by side: the first chunks' setup is on the way from the schema to the first COPY.
  const [[run], found, plans] = await Promise.all([
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
    chunksAt(job.runId, keys),
    tablePlansOf(
      job.runId,
      keys.map((k) => k.tableName),
    ),
  ]);
  if (!run || run.status !== "running" || run.attempts !== job.attempt) return "stale";
  // In the job's order; a chunk another copy finished meanwhile is left as it is.
  const todo = keys
    .map((k) => found.find((c) => c.tableName === k.tableName && c.seq === k.seq))
    .filter((c): c is ChunkRow => c !== undefined && c.status !== "done" && !!plans.get(c.tableName));
  if (!todo.length) return "stale";
  const rec = new RunRecorder(job.runId);
  if (run.cancelRequested) return "cancelled";

  // Read only by a chunk that opens sessions of its own: the first chunks take sessions opened ahead, and a
  // process's later chunks the sessions its earlier ones left.
  let settings: Promise<{ src: PgConnectionSettings; tgt: PgConnectionSettings }> | undefined;
  const loadSettings = () =>
    (settings ??= Promise.all([loadConnection(run.sourceId), loadConnection(run.targetId)]).then(
      ([src, tgt]) => {
        if (src.engine !== "postgres" || tgt.engine !== "postgres")
          throw new Error("the migration's source or target is no longer a PostgreSQL connection");
        return { src: src.settings, tgt: tgt.settings };
      },
    ));
  const items = todo.map((chunk) => {
    const plan = plans.get(chunk.tableName)!;
    const keyColumn = plan.primaryKey?.length === 1 ? plan.primaryKey[0]! : null;
    const range =
      chunk.lo === null && chunk.hi === null ? undefined : { column: keyColumn!, lo: chunk.lo, hi: chunk.hi };
    return { chunk, plan, range };
  });
  const where = (item: CopyItem) =>
    item.range
      ? ` (key ${item.range.column} from ${item.range.lo ?? "−∞"} to below ${item.range.hi ?? "+∞"})`
      : "";
  // Which table of a batch was being copied when it failed: the error is that table's.
  const current: { item: CopyItem } = { item: items[0]! };
  for (let attempt = 1; ; attempt++) {
    try {
      return await copyOnce({ job, snapshotId: run.snapshotId, items, current, loadSettings, rec });
    } catch (err) {
      if (err instanceof SnapshotGone) return "stale";
      const what = `Table ${current.item.chunk.tableName}${where(current.item)}`;
      if (attempt < CHUNK_TRIES && isTransientPgError(err)) {
        await rec.log(
          "warn",
          `${what}: the connection was lost (${(err as Error).message}); the chunk's transaction rolled back, copying it again (try ${attempt + 1} of ${CHUNK_TRIES}).`,
        );
        await setTimeout(RETRY_BACKOFF_MS * attempt);
        continue;
      }
      const others = todo.filter((c) => c !== current.item.chunk);
      await Promise.all([
        updateChunk(current.item.chunk, { status: "failed", error: `${what}: ${(err as Error).message}` }),
        markChunks(job.runId, unstarted(others), { status: "pending" }),
      ]);
      return "failed";
    }
  }
}

type CopyItem = { chunk: ChunkRow; plan: TablePlan; range: KeyRangeFilter | undefined };

/** Chunks as markChunks takes them when their copy starts, or is undone: no rows yet. */
const unstarted = (chunks: readonly ChunkRow[]) => chunks.map((c) => ({ ...c, rowsDone: 0, bytesDone: 0 }));

/** One try: its own source and target sessions, one target transaction; throws what a retry may fix. */
type CopyTry = {
  job: ChunkJobPayload;
  snapshotId: string | null;
  items: CopyItem[];
  current: { item: CopyItem };
  loadSettings: () => Promise<{ src: PgConnectionSettings; tgt: PgConnectionSettings }>;
  rec: RunRecorder;
};

async function copyOnce({
  job,
  snapshotId,
  items,
  current,
  loadSettings,
  rec,
}: CopyTry): Promise<ChunkOutcome> {
  const keys = chunkSessionKeys({ runId: job.runId, attempt: job.attempt, snapshotId });
  const [source, target] = await openSessions(
    () =>
      reuseOr(keys.source, chunkSessionName("ferry-copy-out", job), async (name) =>
        openChunkSource((await loadSettings()).src, name, snapshotId),
      ),
    () =>
      reuseOr(keys.target, chunkSessionName("ferry-chunk", job), async (name) =>
        openChunkTarget((await loadSettings()).tgt, name),
      ),
  );
  let reusable = false;
  try {
    const outcome =
      items.length === 1
        ? await copyOneChunk(job, source, target, items[0]!, rec)
        : await copySmallTables(job, source, target, items, current, rec);
    reusable = outcome === "done";
    return outcome;
  } finally {
    if (reusable) {
      chunkSessions.give(keys.source, source);
      chunkSessions.give(keys.target, target);
    } else await Promise.all([source.end().catch(() => undefined), target.end().catch(() => undefined)]);
  }
}

/** One table or key range, with its progress as it goes; a whole table goes in frozen (see replaceRows). */
async function copyOneChunk(
  job: ChunkJobPayload,
  source: pg.Client,
  target: pg.Client,
  { chunk, plan, range }: CopyItem,
  rec: RunRecorder,
): Promise<ChunkOutcome> {
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
    return "done";
  } catch (err) {
    await progressWritten;
    if (err instanceof PipeCancelled) {
      await updateChunk(chunk, { status: "pending", rowsDone: 0, bytesDone: 0 });
      return "cancelled";
    }
    throw err;
  }
}

/**
 * Small whole tables one after another in one target transaction, each emptied with DELETE first (cheaper
 * than TRUNCATE's new files for a few rows; such tables gain little from FREEZE): one commit, and one
 * bookkeeping statement at each end, for the whole batch. All of it lands, or none.
 */
async function copySmallTables(
  job: ChunkJobPayload,
  source: pg.Client,
  target: pg.Client,
  items: CopyItem[],
  current: { item: CopyItem },
  rec: RunRecorder,
): Promise<ChunkOutcome> {
  const chunks = items.map((i) => i.chunk);
  await markChunks(job.runId, unstarted(chunks), { status: "copying", countCopy: true });
  let cancel = false;
  let lastCancelCheck = Date.now();
  const done: (ChunkKey & CopyProgress)[] = [];
  const names = items.map(({ plan }) => qualified(plan.schema, plan.target));
  try {
    // Emptied all at once, in the round trip that opens the transaction.
    await target.query(`BEGIN;\n${names.map((name) => `DELETE FROM ${name};`).join("\n")}`);
    for (const [i, item] of items.entries()) {
      current.item = item;
      const { plan } = item;
      const name = names[i]!;
      const columns = plan.columns.map((c) => ({ name: c.source }));
      const result = await pipeCopy({
        source,
        outSql: copyOutSql(plan.source, columns, { binary: plan.binaryCopy }),
        target,
        inSql: copyInSql(name, plan, { freeze: false }),
        onProgress: () => undefined,
        shouldStop: () => cancel,
      });
      done.push({ tableName: item.chunk.tableName, seq: item.chunk.seq, ...result });
      if (Date.now() - lastCancelCheck >= PROGRESS_MS) {
        lastCancelCheck = Date.now();
        cancel = await rec.cancelRequested();
        if (cancel) throw new PipeCancelled();
      }
    }
    await target.query("COMMIT");
  } catch (err) {
    await target.query("ROLLBACK").catch(() => undefined);
    if (err instanceof PipeCancelled) {
      await markChunks(job.runId, unstarted(chunks), { status: "pending" });
      return "cancelled";
    }
    throw err;
  }
  await markChunks(job.runId, done, { status: "done", doneInAttempt: job.attempt });
  return "done";
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
