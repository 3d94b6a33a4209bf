import pg from "pg";
import { env } from "@/server/config/env";

/**
 * At most one execution of a run at a time, across every worker process: a session advisory lock in Ferry's
 * database. A second job for the same run (re-queued after Redis lost the first, or a stalled job taken over
 * from a live but slow worker) waits here until the first execution ends, then finds the run finished or
 * resumes it. The lock goes with its session, so a SIGKILLed holder releases it at once.
 */
export async function withRunFence<T>(runId: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "ferry-run-fence" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('ferry-run'), hashtext($1))", [runId]);
    return await fn();
  } finally {
    await client.end().catch(() => undefined);
  }
}
