import pg from "pg";
import { beforeAll } from "vitest";

// Test files share one Ferry database and Redis prefix. A run an earlier file left under way (its worker
// stopped mid-test) would be picked up again by the next file's worker (the recovery sweep re-queues it) and
// hold that worker's run slot: each file starts with none under way.
beforeAll(async () => {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(
      `UPDATE runs SET status = 'failed', error = 'Left over from an earlier test file.', finished_at = now()
        WHERE status NOT IN ('succeeded', 'failed', 'cancelled')`,
    );
  } finally {
    await c.end();
  }
});
