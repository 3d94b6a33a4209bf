import { sql } from "drizzle-orm";
import { db } from "@/server/db/client";
import { sharedRedis } from "@/server/queue/redis";

export async function checkHealth(): Promise<{ ok: boolean; postgres: boolean; redis: boolean }> {
  const [postgres, redis] = await Promise.all([
    db()
      .execute(sql`SELECT 1`)
      .then(
        () => true,
        () => false,
      ),
    sharedRedis()
      .ping()
      .then(
        (r) => r === "PONG",
        () => false,
      ),
  ]);
  return { ok: postgres && redis, postgres, redis };
}
