import { eq } from "drizzle-orm";
import { db } from "@/server/db/client";
import { runSnapshots } from "@/server/db/schema";
import type { RunRecorder } from "@/server/runs/run-recorder";
import type { ClientPool } from "@/server/target/client-pool";
import { createdObjects } from "./created-objects";
import { readTargetCatalog } from "./read-target-catalog";

/**
 * When the run ends (however it ends): the catalog diff against the snapshot's, i.e. what the run and its
 * post-scripts created. A diff rather than a list kept by each DDL path, so nothing a strategy, pg_restore or
 * a script creates can be missed; taken at the run's end, so later objects of others are not counted.
 */
export async function recordCreatedObjects(runId: string, pool: ClientPool, rec: RunRecorder): Promise<void> {
  const [snap] = await db()
    .select({ before: runSnapshots.before })
    .from(runSnapshots)
    .where(eq(runSnapshots.runId, runId));
  if (!snap) return;
  const after = await pool.run(readTargetCatalog);
  const created = createdObjects(snap.before, after);
  await db().update(runSnapshots).set({ created }).where(eq(runSnapshots.runId, runId));
  await rec.log("info", `Noted ${created.length} object(s) the run created in the target, for rollback.`);
}
