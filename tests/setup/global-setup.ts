import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import pg from "pg";
import { Redis } from "ioredis";
import { INTEGRATION_ENV } from "../../vitest.config";

/** A fresh Ferry database, data dir and Redis prefix for every integration run. */
export default async function setup(): Promise<() => Promise<void>> {
  Object.assign(process.env, INTEGRATION_ENV);
  const role = spawnSync("bash", ["tests/setup/ensure-password-role.sh"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (role.status !== 0)
    throw new Error("tests/setup/ensure-password-role.sh failed: the wrong-password tests need it");
  const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  const itDb = new URL(INTEGRATION_ENV.DATABASE_URL).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(itDb)} WITH (FORCE)`);
  await admin.end();
  await rm(INTEGRATION_ENV.FERRY_DATA_DIR, { recursive: true, force: true });
  await clearRedisPrefix();
  const { migrateFerryDatabase } = await import("../../server/db/migrate");
  await migrateFerryDatabase(INTEGRATION_ENV.DATABASE_URL);
  return async () => {
    await clearRedisPrefix();
  };
}

async function clearRedisPrefix(): Promise<void> {
  const redis = new Redis(INTEGRATION_ENV.REDIS_URL);
  const keys = await redis.keys(`${INTEGRATION_ENV.FERRY_REDIS_PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}
