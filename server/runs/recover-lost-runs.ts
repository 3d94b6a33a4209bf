import { and, inArray, lt, ne, or, sql } from "drizzle-orm";
import { db } from "@/server/db/client";
import { runs } from "@/server/db/schema";
import { enqueueRun, queue } from "@/server/queue/jobs";
import { RunRecorder } from "./run-recorder";

/** A queued run this young may still be between its insert and its enqueue (start-run.ts). */
const QUEUED_GRACE = sql`now() - interval '30 seconds'`;

/**
 * Runs that Ferry's database says are under way but whose job the queue no longer has (Redis restarted
 * without its data) are queued again; a worker resumes each from where it stopped. Returns their ids.
 */
export async function recoverLostRuns(): Promise<string[]> {
  const active = await db()
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        inArray(runs.status, ["queued", "running", "verifying"]),
        or(ne(runs.status, "queued"), lt(runs.createdAt, QUEUED_GRACE)),
      ),
    );
  const requeued: string[] = [];
  for (const { id } of active) {
    if (await queue("runs").getJob(`run-${id}`)) continue;
    await enqueueRun({ runId: id });
    requeued.push(id);
    await new RunRecorder(id).log(
      "warn",
      "The queue had lost this run's job (Redis restarted without its data); it was queued again, so the run carries on from where it stopped even if the worker executing it is gone.",
    );
  }
  return requeued;
}
