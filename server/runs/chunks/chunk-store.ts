import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { TableStatus } from "@/contracts/runs";
import { db } from "@/server/db/client";
import { runChunks, runTables } from "@/server/db/schema";
import { publishRunEvents } from "@/server/events/run-events";
import type { TablePlan } from "@/server/plan/build-plan";
import type { KeyRange } from "./split-key-range";

export type ChunkRow = typeof runChunks.$inferSelect;

export async function hasChunks(runId: string): Promise<boolean> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(runChunks)
    .where(eq(runChunks.runId, runId));
  return (row?.n ?? 0) > 0;
}

export type PlannedTable = { name: string; plan: TablePlan; ranges: KeyRange[] };

/**
 * Every table's copy plan and its chunks, in one statement: a run stopped while planning finds either all
 * of them (and resumes) or none (and plans again), never tables with chunks but no plan, or none at all.
 */
export async function recordChunkPlan(runId: string, tables: PlannedTable[]): Promise<void> {
  const plans = tables.map((t) => ({ name: t.name, plan: t.plan }));
  const chunks = tables.flatMap((t) =>
    t.ranges.map((r, seq) => ({ table_name: t.name, seq, lo: r.lo, hi: r.hi })),
  );
  await db().execute(sql`
    WITH plans AS (
      UPDATE run_tables t SET plan = v.plan
        FROM jsonb_to_recordset(${JSON.stringify(plans)}::jsonb) AS v(name text, plan jsonb)
       WHERE t.run_id = ${runId} AND t.name = v.name
    )
    INSERT INTO run_chunks (run_id, table_name, seq, lo, hi)
    SELECT ${runId}, c.table_name, c.seq, c.lo, c.hi
      FROM jsonb_to_recordset(${JSON.stringify(chunks)}::jsonb) AS c(table_name text, seq integer, lo text, hi text)
        ON CONFLICT DO NOTHING`);
}

/** A resumed attempt redoes every chunk whose copy did not commit; their partial progress goes. */
export async function resetUnfinishedChunks(runId: string): Promise<number> {
  const reset = await db()
    .update(runChunks)
    .set({ status: "pending", rowsDone: 0, bytesDone: 0, error: null })
    .where(and(eq(runChunks.runId, runId), ne(runChunks.status, "done")))
    .returning({ table: runChunks.tableName });
  for (const table of new Set(reset.map((r) => r.table))) await rollUpTable(runId, table);
  return reset.length;
}

export async function chunksOf(runId: string): Promise<ChunkRow[]> {
  return db()
    .select()
    .from(runChunks)
    .where(eq(runChunks.runId, runId))
    .orderBy(asc(runChunks.tableName), asc(runChunks.seq));
}

export type ChunkKey = Pick<ChunkRow, "tableName" | "seq">;

// The keys as one parameter: a condition per key made drizzle build (and walk) a tree as large as the
// batch, for each of the coordinator's polls.
const atKeys = (runId: string, keys: readonly ChunkKey[]) =>
  and(
    eq(runChunks.runId, runId),
    sql`(${runChunks.tableName}, ${runChunks.seq}) IN (SELECT k.t, k.s FROM jsonb_to_recordset(${JSON.stringify(
      keys.map((k) => ({ t: k.tableName, s: k.seq })),
    )}::jsonb) AS k(t text, s int))`,
  );

/**
 * The given chunks as they stand, in no particular order: what the coordinator polls (so a look costs the
 * chunks in flight, not the run's) and what a chunk job starts from.
 */
export async function chunksAt(runId: string, keys: readonly ChunkKey[]): Promise<ChunkRow[]> {
  if (!keys.length) return [];
  return db().select().from(runChunks).where(atKeys(runId, keys));
}

/** The copy plans of the given tables of a run, by table. */
export async function tablePlansOf(runId: string, tables: readonly string[]) {
  const rows = await db()
    .select({ name: runTables.name, plan: runTables.plan })
    .from(runTables)
    .where(and(eq(runTables.runId, runId), inArray(runTables.name, [...tables])));
  return new Map(rows.map((r) => [r.name, r.plan]));
}

/** One state for several chunks (a batch of small tables), in one statement, then their tables rolled up. */
export async function markChunks(
  runId: string,
  chunks: readonly (ChunkKey & { rowsDone: number; bytesDone: number })[],
  patch: { status: ChunkRow["status"]; doneInAttempt?: number; countCopy?: boolean },
): Promise<void> {
  if (!chunks.length) return;
  const values = chunks.map((c) => ({
    table_name: c.tableName,
    seq: c.seq,
    rows: c.rowsDone,
    bytes: c.bytesDone,
  }));
  const ending = patch.status === "done" || patch.status === "failed";
  await db().execute(sql`
    UPDATE run_chunks c
       SET status = ${patch.status}, rows_done = v.rows, bytes_done = v.bytes, error = NULL,
           copies = c.copies + ${patch.countCopy ? 1 : 0},
           done_in_attempt = coalesce(${patch.doneInAttempt ?? null}::int, c.done_in_attempt),
           finished_at = ${ending ? sql`now()` : sql`c.finished_at`}
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(table_name text, seq int, rows bigint, bytes bigint)
     WHERE c.run_id = ${runId} AND c.table_name = v.table_name AND c.seq = v.seq`);
  await rollUpTables(runId, [...new Set(chunks.map((c) => c.tableName))]);
}

type ChunkPatch = Partial<Pick<ChunkRow, "status" | "rowsDone" | "bytesDone" | "error" | "doneInAttempt">>;

export async function updateChunk(
  chunk: Pick<ChunkRow, "runId" | "tableName" | "seq">,
  patch: ChunkPatch & { countCopy?: boolean },
): Promise<void> {
  const { countCopy, ...values } = patch;
  await db()
    .update(runChunks)
    .set({
      ...values,
      ...(countCopy ? { copies: sql`${runChunks.copies} + 1` } : {}),
      ...(values.status === "done" || values.status === "failed" ? { finishedAt: new Date() } : {}),
    })
    .where(
      and(
        eq(runChunks.runId, chunk.runId),
        eq(runChunks.tableName, chunk.tableName),
        eq(runChunks.seq, chunk.seq),
      ),
    );
  await rollUpTable(chunk.runId, chunk.tableName);
}

/**
 * A table's progress is the sum of its chunks, whichever worker processes copy them: computed in one
 * statement from the chunk rows, then pushed to the live view.
 */
export const rollUpTable = (runId: string, table: string): Promise<void> => rollUpTables(runId, [table]);

/**
 * rollUpTable for several tables, or all of the run's, in one statement; only tables whose progress changed
 * are written and pushed, so rolling up a whole run of thousands of tables again costs one round trip.
 */
export async function rollUpTables(runId: string, tables: readonly string[] | "all"): Promise<void> {
  const only =
    tables === "all"
      ? sql``
      : sql`AND table_name IN (SELECT jsonb_array_elements_text(${JSON.stringify(tables)}::jsonb))`;
  const { rows } = await db().execute<{
    name: string;
    status: TableStatus;
    rows_done: string;
    rows_total: string;
    bytes_done: string;
    error: string | null;
  }>(sql`
    UPDATE run_tables t
       SET rows_done = s.rows_done,
           rows_total = s.rows_total,
           bytes_done = s.bytes_done,
           status = s.status,
           error = s.error,
           started_at = CASE WHEN s.started > 0 THEN coalesce(t.started_at, now()) ELSE t.started_at END,
           finished_at = CASE WHEN s.unfinished = 0 THEN coalesce(s.finished_at, now()) END
      FROM (SELECT c.*,
                   -- Planned from an estimate, a table's total becomes what was copied once all of it is in.
                   CASE WHEN c.unfinished = 0 THEN c.rows_done ELSE greatest(r.rows_total, c.rows_done) END AS rows_total,
                   CASE WHEN c.failed > 0 THEN 'failed'
                        WHEN c.unfinished = 0 THEN 'copied'
                        WHEN c.started > 0 THEN 'copying'
                        ELSE 'pending' END AS status
              FROM (SELECT table_name,
                           coalesce(sum(rows_done), 0) AS rows_done,
                           coalesce(sum(bytes_done), 0) AS bytes_done,
                           count(*) FILTER (WHERE status = 'failed') AS failed,
                           count(*) FILTER (WHERE status <> 'done') AS unfinished,
                           count(*) FILTER (WHERE status <> 'pending') AS started,
                           max(finished_at) AS finished_at,
                           min(error) AS error
                      FROM run_chunks WHERE run_id = ${runId} ${only}
                     GROUP BY table_name) c
              JOIN run_tables r ON r.run_id = ${runId} AND r.name = c.table_name) s
     WHERE t.run_id = ${runId} AND t.name = s.table_name
       AND (t.rows_done, t.rows_total, t.bytes_done, t.status, t.error, t.finished_at IS NULL)
           IS DISTINCT FROM (s.rows_done, s.rows_total, s.bytes_done, s.status, s.error, s.unfinished > 0)
 RETURNING t.name, t.status, t.rows_done, t.rows_total, t.bytes_done, t.error`);
  const at = new Date().toISOString();
  await publishRunEvents(
    runId,
    rows.map((row) => ({
      type: "table.progress",
      name: row.name,
      status: row.status,
      rowsDone: Number(row.rows_done),
      rowsTotal: Number(row.rows_total),
      bytesDone: Number(row.bytes_done),
      error: row.error,
      at,
    })),
  );
}
