import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "@/server/config/env";

const key = (id: string) => `${env().FERRY_REDIS_PREFIX}:workers:${id}`;

export type WorkerBeat = { id: string; pid: number; startedAt: string; beatAt: string };

/**
 * Writes this worker's key every `intervalMs` with a TTL of three intervals: a worker that dies (even by
 * SIGKILL) disappears from the health check within that time; stop() removes it at once.
 */
export async function startHeartbeat(
  redis: Redis,
  intervalMs = 5_000,
): Promise<{ id: string; stop: () => Promise<void> }> {
  const id = randomUUID();
  const startedAt = new Date().toISOString();
  const beat = () =>
    redis
      .set(
        key(id),
        JSON.stringify({ id, pid: process.pid, startedAt, beatAt: new Date().toISOString() }),
        "PX",
        intervalMs * 3,
      )
      .catch(() => undefined); // Redis down: the health check says so; the next beat tries again
  // The first beat is written before the worker says it is ready: health never misses a ready worker.
  await beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return {
    id,
    stop: async () => {
      clearInterval(timer);
      await redis.del(key(id)).catch(() => undefined);
    },
  };
}

export async function liveWorkers(redis: Redis): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", key("*"), "COUNT", 200);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  if (!keys.length) return [];
  return (await redis.mget(...keys)).flatMap((v) => (v ? [JSON.parse(v) as WorkerBeat] : []));
}
