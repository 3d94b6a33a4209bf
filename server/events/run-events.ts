import { RunEvent } from "@/contracts/runs";
import { env } from "@/server/config/env";
import { sharedRedis } from "@/server/queue/redis";

export const runEventsKey = (runId: string) => `${env().FERRY_REDIS_PREFIX}:run:${runId}:events`;

const MAX_EVENTS = 10_000;

export async function publishRunEvent(runId: string, event: RunEvent): Promise<void> {
  const parsed = RunEvent.parse(event);
  const key = runEventsKey(runId);
  await sharedRedis().xadd(key, "MAXLEN", "~", MAX_EVENTS, "*", "e", JSON.stringify(parsed));
  await sharedRedis().expire(key, 7 * 24 * 3600);
}

/** The id of the newest event, so a snapshot can say which events it already contains. */
export async function latestEventId(runId: string): Promise<string> {
  const last = await sharedRedis().xrevrange(runEventsKey(runId), "+", "-", "COUNT", 1);
  return last[0]?.[0] ?? "0";
}
