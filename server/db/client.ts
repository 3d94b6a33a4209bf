import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { env } from "@/server/config/env";
import { logger } from "@/server/log/logger";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

let pool: pg.Pool | undefined;
let database: Db | undefined;

/** Ferry's own database (not a source or target). One pool per process. */
export function db(): Db {
  if (!database) {
    pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 10, application_name: "ferry" });
    pool.on("error", (err) => logger.error({ err: err.message }, "Ferry database: idle client error"));
    database = drizzle(pool, { schema, casing: "snake_case" });
  }
  return database;
}

export async function closeDb(): Promise<void> {
  await pool?.end();
  pool = undefined;
  database = undefined;
}
