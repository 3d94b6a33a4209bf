import { Redis } from "ioredis";
import { env } from "@/server/config/env";

/** BullMQ needs maxRetriesPerRequest: null so blocking commands wait out a Redis restart instead of failing. */
export function createRedis(): Redis {
  return new Redis(env().REDIS_URL, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

let shared: Redis | undefined;

/** One connection per process for non-blocking commands (XADD, XREVRANGE, enqueue). */
export function sharedRedis(): Redis {
  shared ??= createRedis();
  return shared;
}

export async function closeSharedRedis(): Promise<void> {
  await shared?.quit().catch(() => undefined);
  shared = undefined;
}
