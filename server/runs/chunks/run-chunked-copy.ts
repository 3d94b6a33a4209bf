import { eq } from "drizzle-orm";
import type pg from "pg";
import { tableKey } from "@/server/catalog/catalog";
import type { PostgresSource } from "@/server/connectors/postgres/postgres-source";
import { readServerMajor } from "@/server/connectors/postgres/server-major";
import { CopyCancelled } from "@/server/copy/copy-table";
import { db } from "@/server/db/client";
import { runs } from "@/server/db/schema";
import type { TablePlan } from "@/server/plan/build-plan";
import { quoteIdent, qualified } from "@/server/plan/identifiers";
import { runEventWaiter } from "@/server/events/run-events";
import { enqueueChunk } from "@/server/queue/jobs";
import type { RunContext } from "../run-context";
import { isSmallTable } from "../small-tables";
import { BATCH_TABLES, takeJob } from "./chunk-batches";
import {
  chunksOf,
  hasChunks,
  recordChunkPlan,
  type PlannedTable,
  resetUnfinishedChunks,
  chunksAt,
  rollUpTables,
  type ChunkKey,
} from "./chunk-store";
import { chunkCount, splitKeyRange, type KeyRange } from "./split-key-range";

/** At most this long between looks at the chunks; any event of the run (a chunk's progress or end) wakes it. */
const POLL_MS = 500;
/** How often chunks in flight but not yet started are enqueued again, in case Redis lost their jobs. */
const REQUEUE_MS = 5_000;
const INTEGER_TYPES = new Set(["smallint", "integer", "bigint", "int2", "int4", "int8"]);

/** The key column a table can be split on: a single-column integer primary key. */
export function splitKey(t: TablePlan): string | null {
  if (t.primaryKey?.length !== 1) return null;
  const column = t.columns.find((c) => c.source === t.primaryKey![0]);
  return column && INTEGER_TYPES.has(column.pgType.toLowerCase()) ? column.source : null;
}

/**
 * The data phase as chunk jobs: every table is one or more key ranges, each copied by a job on the
 * `chunks` queue that any worker process may take. This job holds the source snapshot open, keeps at most
 * `parallelTables` chunks in flight, and returns when all are copied. A resumed attempt plans nothing new
 * and redoes only the chunks that had not committed. `onTableCopied` hears of each table once all its chunks
 * are committed.
 */
export async function runChunkedCopy(
  ctx: RunContext,
  onTableCopied: (table: string) => void = () => undefined,
  /** Once the first chunks have begun (or there was nothing to begin): side work waits for this. */
  onUnderWay: () => void = () => undefined,
): Promise<{ rows: number }> {
  const source = ctx.source as PostgresSource;
  if ((await chunksPlanned(ctx)) === "resumed") {
    const redo = await resetUnfinishedChunks(ctx.runId);
    const all = await chunksOf(ctx.runId);
    await ctx.rec.log(
      "warn",
      `Resuming the copy: ${all.length - redo} of ${all.length} chunk(s) were committed by earlier attempts and are kept; ${redo} will be copied again.` +
        (source.snapshot.id
          ? ` This attempt reads a new source snapshot (${source.snapshot.id}); if the source was written since the interruption, chunks of different attempts may not be mutually consistent, and verification will say so.`
          : ""),
    );
  }

  const positions = new Map(ctx.plan.tables.map((t, i) => [tableKey(t.source), i]));
  const size = new Map(ctx.plan.tables.map((t) => [tableKey(t.source), t.rowCount]));
  const planned = await chunksOf(ctx.runId);
  // Chunks not yet committed, per table: a table is announced once its count reaches zero. Kept here, so
  // a look at the chunks reads only those in flight (a run of thousands of tables would otherwise read every
  // chunk after every chunk).
  const unfinished = new Map<string, number>(planned.map((c) => [c.tableName, 0]));
  for (const c of planned)
    if (c.status !== "done") unfinished.set(c.tableName, unfinished.get(c.tableName)! + 1);
  for (const [table, n] of unfinished) if (n === 0) onTableCopied(table);
  const queue = planned
    .filter((c) => c.status !== "done")
    .sort((a, b) => (size.get(b.tableName) ?? 0) - (size.get(a.tableName) ?? 0) || a.seq - b.seq);
  const batchable = smallTables(ctx);
  /** Jobs in flight by their first chunk's id, each with its chunks: one, or a batch of small tables. */
  const inFlight = new Map<string, ChunkKey[]>();
  const id = (c: ChunkKey) => `${c.tableName}\u0000${c.seq}`;
  let stopping = false;
  let requeuedAt = Date.now();
  const events = await runEventWaiter(ctx.runId);
  try {
    while (queue.length || inFlight.size) {
      if (!stopping && (await ctx.rec.cancelRequested())) stopping = true;
      while (!stopping && queue.length && inFlight.size < ctx.options.parallelTables) {
        const job = takeJob(queue, batchable);
        inFlight.set(id(job[0]!), job);
        await enqueueChunkJob(ctx, job, positions);
      }
      await events.wait(POLL_MS);
      onUnderWay();
      const now = new Map((await chunksAt(ctx.runId, [...inFlight.values()].flat())).map((c) => [id(c), c]));
      if (!stopping && Date.now() - requeuedAt >= REQUEUE_MS) {
        requeuedAt = Date.now();
        for (const job of inFlight.values())
          // Lost with Redis? Enqueuing it again is a no-op while the job exists (one id per job and attempt).
          if (job.some((c) => now.get(id(c))?.status === "pending"))
            await enqueueChunkJob(ctx, job, positions);
      }
      for (const [key, job] of inFlight) {
        const states = job.map((c) => now.get(id(c))!);
        const failed = states.find((c) => c.status === "failed");
        if (failed) throw new Error(failed.error ?? `Chunk ${failed.seq} of ${failed.tableName} failed.`);
        if (states.every((c) => c.status === "done")) {
          inFlight.delete(key);
          for (const c of job) {
            const left = unfinished.get(c.tableName)! - 1;
            unfinished.set(c.tableName, left);
            if (left === 0 && !stopping) onTableCopied(c.tableName);
          }
        }
        // On cancel, wait only for copies under way: they roll back and put their chunks back to pending;
        // a job not yet started sees the cancel and does nothing.
        else if (stopping && states.every((c) => c.status !== "copying")) inFlight.delete(key);
      }
      if (stopping && !inFlight.size) {
        const all = await chunksOf(ctx.runId);
        const done = all.filter((c) => c.status === "done").length;
        await ctx.rec.log(
          "warn",
          `Stopped between chunks: ${done} of ${all.length} chunk(s) are committed in the target; no chunk is half-written. Run the migration again into an empty database to finish.`,
        );
        throw new CopyCancelled();
      }
    }
  } finally {
    events.close();
    onUnderWay();
  }
  // A chunk job marks its chunk done, then rolls its table up in a second statement: the coordinator may see
  // the last chunk done before that roll-up lands. Rolled up once more from the finished chunks (the same
  // result whichever lands last), so the tables the run reads next are final.
  const [finished] = await Promise.all([chunksOf(ctx.runId), rollUpTables(ctx.runId, "all")]);
  await ctx.rec.loadTables();
  return { rows: finished.reduce((n, c) => n + c.rowsDone, 0) };
}

/** Per small table (see isSmallTable), its planned rows. */
function smallTables(ctx: RunContext): Map<string, number> {
  return new Map(ctx.plan.tables.filter(isSmallTable).map((t) => [tableKey(t.source), t.rowCount]));
}

function enqueueChunkJob(ctx: RunContext, job: ChunkKey[], positions: Map<string, number>): Promise<void> {
  const [first, ...more] = job;
  return enqueueChunk(
    {
      runId: ctx.runId,
      attempt: ctx.attempt,
      table: first!.tableName,
      seq: first!.seq,
      ...(more.length ? { more: more.map((c) => ({ table: c.tableName, seq: c.seq })) } : {}),
    },
    positions.get(first!.tableName) ?? 0,
  );
}

const plannings = new WeakMap<RunContext, Promise<"planned" | "resumed">>();

/**
 * Plans the attempt's chunks once ("resumed" when an earlier attempt had planned them), and records the
 * snapshot its chunk jobs read. The schema phase starts it, so the source's key bounds are read and the chunks
 * written while the schema is restored; the data phase waits for it.
 */
export function chunksPlanned(ctx: RunContext): Promise<"planned" | "resumed"> {
  let planning = plannings.get(ctx);
  if (!planning) {
    planning = (async () => {
      const snapshotId = (ctx.source as PostgresSource).snapshot.id;
      const [, resumed] = await Promise.all([
        db().update(runs).set({ snapshotId }).where(eq(runs.id, ctx.runId)),
        hasChunks(ctx.runId),
      ]);
      if (resumed) return "resumed" as const;
      await planChunks(ctx, ctx.source as PostgresSource);
      return "planned" as const;
    })();
    plannings.set(ctx, planning);
  }
  return planning;
}

async function planChunks(ctx: RunContext, source: PostgresSource): Promise<void> {
  const splittable = ctx.plan.tables.filter((t) => splitKey(t) && t.rowCount > ctx.options.chunkRows);
  const [sourceMajor, targetMajor, bounds] = await Promise.all([
    source.serverMajor(),
    ctx.pool.run(readServerMajor),
    splittable.length ? source.withSession((c) => keyBounds(c, splittable)) : new Map<TablePlan, KeyBounds>(),
  ]);
  const sameMajor = sourceMajor === targetMajor;
  let split = 0;
  const planned = ctx.plan.tables.map((t): PlannedTable => {
    const b = bounds.get(t);
    let ranges: KeyRange[] = [{ lo: null, hi: null }];
    if (b && b.min !== null && b.max !== null) {
      ranges = splitKeyRange(
        BigInt(b.min),
        BigInt(b.max),
        chunkCount(t.rowCount, ctx.options.chunkRows, ctx.options.parallelTables),
      );
      if (ranges.length > 1) split++;
    }
    return {
      name: tableKey(t.source),
      plan: { ...t, binaryCopy: sameMajor && t.source.builtinTypes === true },
      ranges,
    };
  });
  await recordChunkPlan(ctx.runId, planned);
  const chunks = planned.reduce((n, t) => n + t.ranges.length, 0);
  const small = ctx.plan.tables.filter(isSmallTable).length;
  const binaryTables = sameMajor ? ctx.plan.tables.filter((t) => t.source.builtinTypes).length : 0;
  const text = ctx.plan.tables.length - binaryTables;
  const why = sameMajor
    ? "columns of extension or user-defined types"
    : "source and target differ in major version";
  const form = !text
    ? "in PostgreSQL's binary COPY form"
    : !binaryTables
      ? `as COPY text (${why})`
      : `in PostgreSQL's binary COPY form, ${text} table(s) as COPY text (${why})`;
  await ctx.rec.log(
    "info",
    `Planned ${chunks} chunk(s): ${split} table(s) split into key ranges of about ${ctx.options.chunkRows.toLocaleString("en")} rows; each chunk deletes and recopies its range in one transaction, so a retry never doubles rows.${small ? ` ${small} small table(s) go up to ${BATCH_TABLES} to a job, in one transaction with one commit, their keys, indexes and FKs built together too.` : ""} Rows move ${form}.`,
  );
}

type KeyBounds = { min: string | null; max: string | null };

async function keyBounds(c: pg.Client, tables: TablePlan[]): Promise<Map<TablePlan, KeyBounds>> {
  const out = new Map<TablePlan, KeyBounds>();
  for (const t of tables) {
    const column = quoteIdent(splitKey(t)!);
    const { rows } = await c.query<KeyBounds>(
      `SELECT min(${column})::text AS min, max(${column})::text AS max FROM ONLY ${qualified(t.source.schema!, t.source.name)}`,
    );
    out.set(t, rows[0]!);
  }
  return out;
}
