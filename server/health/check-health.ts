import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import { db } from "@/server/db/client";
import { sharedRedis } from "@/server/queue/redis";
import { liveWorkers } from "./worker-heartbeat";

export type Health = {
  ok: boolean;
  postgres: boolean;
  redis: boolean;
  workers: { live: number; ids: string[] };
};

const within = <T>(p: Promise<T>, ms: number, fallback: T) =>
  Promise.race([p.catch(() => fallback), new Promise<T>((r) => setTimeout(() => r(fallback), ms).unref())]);

/** Ferry is up when its database and Redis answer and at least one worker has beaten recently. */
export async function checkHealth(opts: { redis?: Redis; timeoutMs?: number } = {}): Promise<Health> {
  const redis = opts.redis ?? sharedRedis();
  const ms = opts.timeoutMs ?? 2_000;
  const [postgres, pong, workers] = await Promise.all([
    within(
      db()
        .execute(sql`SELECT 1`)
        .then(() => true),
      ms,
      false,
    ),
    within(redis.ping(), ms, "down"),
    within(liveWorkers(redis), ms, null),
  ]);
  const redisUp = pong === "PONG";
  const ids = workers?.map((w) => w.id) ?? [];
  return {
    ok: postgres && redisUp && ids.length > 0,
    postgres,
    redis: redisUp,
    workers: { live: ids.length, ids },
  };
}
