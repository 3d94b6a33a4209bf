import pg from "pg";
import { env } from "@/server/config/env";

// Sessions kept for fences only (a fence holds its session for a whole run, so not the app's pool): a run
// starts on a session the last one left instead of waiting for a new backend.
let fences: pg.Pool | null = null;
const fencePool = () =>
  (fences ??= new pg.Pool({
    connectionString: env().DATABASE_URL,
    application_name: "ferry-run-fence",
    idleTimeoutMillis: 60_000,
  }).on("error", () => undefined)); // an idle session lost is replaced on the next checkout

const LOCK = "SELECT pg_advisory_lock(hashtext('ferry-run'), hashtext($1))";
const UNLOCK = "SELECT pg_advisory_unlock(hashtext('ferry-run'), hashtext($1)) AS released";

/**
 * At most one execution of a run at a time, across every worker process: a session advisory lock in Ferry's
 * database. A second job for the same run (re-queued after Redis lost the first, or a stalled job taken over
 * from a live but slow worker) waits here until the first execution ends, then finds the run finished or
 * resumes it. The lock goes with its session, so a SIGKILLed holder releases it at once.
 */
export async function withRunFence<T>(runId: string, fn: () => Promise<T>): Promise<T> {
  const client = await lockedSession(runId);
  let keep = false;
  try {
    return await fn();
  } finally {
    // Back to the pool only once unlocked: a session still holding the lock would fence the run forever.
    keep = await client
      .query<{ released: boolean }>(UNLOCK, [runId])
      .then((r) => r.rows[0]?.released === true)
      .catch(() => false);
    client.release(!keep);
  }
}

/** A fence session holding the run's lock; a kept session that died while idle is replaced once. */
async function lockedSession(runId: string): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    const client = await fencePool().connect();
    try {
      await client.query(LOCK, [runId]);
      return client;
    } catch (err) {
      client.release(true);
      if (attempt >= 2) throw err;
    }
  }
}

export async function closeRunFences(): Promise<void> {
  const pool = fences;
  fences = null;
  await pool?.end();
}
