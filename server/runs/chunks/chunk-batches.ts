import type { ChunkKey } from "./chunk-store";

/** A batch of small tables (see isSmallTable) ends at whichever comes first. */
export const BATCH_TABLES = 64;
export const BATCH_ROWS = 100_000;

type QueuedChunk = ChunkKey & { lo: string | null; hi: string | null };

/** The next job's chunks: the queue's head, and after a small whole table the small ones that follow it. */
export function takeJob(queue: QueuedChunk[], small: ReadonlyMap<string, number>): ChunkKey[] {
  const whole = (c: QueuedChunk) => c.lo === null && c.hi === null && small.has(c.tableName);
  const first = queue.shift()!;
  const job: ChunkKey[] = [first];
  if (!whole(first)) return job;
  let rows = small.get(first.tableName)!;
  while (
    job.length < BATCH_TABLES &&
    queue.length &&
    whole(queue[0]!) &&
    rows + small.get(queue[0]!.tableName)! <= BATCH_ROWS
  ) {
    const next = queue.shift()!;
    rows += small.get(next.tableName)!;
    job.push(next);
  }
  return job;
}
