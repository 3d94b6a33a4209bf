import { RunEvent } from "@/contracts/runs";
import { env } from "@/server/config/env";
import { createRedis, sharedRedis } from "@/server/queue/redis";

export const runEventsKey = (runId: string) => `${env().FERRY_REDIS_PREFIX}:run:${runId}:events`;

const MAX_EVENTS = 10_000;

export const publishRunEvent = (runId: string, event: RunEvent): Promise<void> =>
  publishRunEvents(runId, [event]);

/**
 * Appends events to the run's stream in one round trip: a run publishes an event per chunk progress write
 * (and one per table of a batch of small tables), and the copy waits on some of them.
 */
export async function publishRunEvents(runId: string, events: readonly RunEvent[]): Promise<void> {
  if (!events.length) return;
  const key = runEventsKey(runId);
  const pipeline = sharedRedis().pipeline();
  for (const event of events)
    pipeline.xadd(key, "MAXLEN", "~", MAX_EVENTS, "*", "e", JSON.stringify(RunEvent.parse(event)));
  const replies = await pipeline.expire(key, 7 * 24 * 3600).exec();
  const failed = replies?.find(([err]) => err)?.[0];
  if (!replies || failed) throw failed ?? new Error(`Publishing an event of run ${runId} was aborted.`);
}

/** The id of the newest event, so a snapshot can say which events it already contains. */
export async function latestEventId(runId: string): Promise<string> {
  const last = await sharedRedis().xrevrange(runEventsKey(runId), "+", "-", "COUNT", 1);
  return last[0]?.[0] ?? "0";
}

/** Wakes a poller as soon as the run publishes an event (a chunk's progress or end), or after `ms` at most. */
export async function runEventWaiter(runId: string) {
  const redis = createRedis(); // XREAD BLOCK holds its connection
  let cursor = await latestEventId(runId);
  return {
    async wait(ms: number): Promise<void> {
      const reply = await redis
        .xread("COUNT", 1000, "BLOCK", ms, "STREAMS", runEventsKey(runId), cursor)
        .catch(() => null);
      const entries = reply?.[0]?.[1];
      if (entries?.length) cursor = entries.at(-1)![0];
    },
    close: () => redis.disconnect(),
  };
}
