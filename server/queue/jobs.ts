import { Queue, type JobsOptions } from "bullmq";
import * as z from "zod";
import { env } from "@/server/config/env";
import { sharedRedis } from "./redis";

export const QUEUES = ["runs", "chunks", "preflight", "rollbacks"] as const;
export type QueueName = (typeof QUEUES)[number];

export const RunJobPayload = z.object({
  runId: z.uuid(),
  /** Verify a finished run's target again (after the application ran): verify and report phases only. */
  reverify: z.number().int().min(1).optional(),
});
export type RunJobPayload = z.infer<typeof RunJobPayload>;

/** One key range of one table, for one attempt of a run: a job from an earlier attempt is stale. */
export const ChunkJobPayload = z.object({
  runId: z.uuid(),
  attempt: z.number().int().min(1),
  table: z.string().min(1),
  seq: z.number().int().min(0),
  /**
   * Small whole tables copied after the first, in the same job and target transaction: a run of thousands of
   * small tables would otherwise spend more on a job, its bookkeeping and a commit per table than on its rows.
   */
  more: z
    .array(z.object({ table: z.string().min(1), seq: z.number().int().min(0) }))
    .max(256)
    .optional(),
});
export type ChunkJobPayload = z.infer<typeof ChunkJobPayload>;

/** One stored preflight assessment to carry out. */
export const PreflightJobPayload = z.object({ preflightId: z.uuid() });
export type PreflightJobPayload = z.infer<typeof PreflightJobPayload>;

/** Undo one finished run: drop what it created, restore its snapshot, verify. */
export const RollbackJobPayload = z.object({ runId: z.uuid() });
export type RollbackJobPayload = z.infer<typeof RollbackJobPayload>;

const queues = new Map<QueueName, Queue>();

export function queue(name: QueueName): Queue {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: sharedRedis(), prefix: env().FERRY_REDIS_PREFIX });
    queues.set(name, q);
  }
  return q;
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}

const RUN_JOB_DEFAULTS: JobsOptions = {
  attempts: 1,
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
};

/** BullMQ ids may not contain ":"; one job per run makes a double submit a no-op. */
export async function enqueueRun(payload: RunJobPayload): Promise<void> {
  const data = RunJobPayload.parse(payload);
  const jobId = data.reverify ? `run-${data.runId}-verify-${data.reverify}` : `run-${data.runId}`;
  await queue("runs").add("run.execute", data, { ...RUN_JOB_DEFAULTS, jobId });
}

/** Idempotent per attempt: the same chunk enqueued twice in one attempt is one job. */
export async function enqueueChunk(payload: ChunkJobPayload, tablePosition: number): Promise<void> {
  const data = ChunkJobPayload.parse(payload);
  await queue("chunks").add("chunk.copy", data, {
    ...RUN_JOB_DEFAULTS,
    jobId: `chunk-${data.runId}-a${data.attempt}-t${tablePosition}-c${data.seq}`,
  });
}

/** One job per stored assessment: a double submit of the same one is a no-op. */
export async function enqueuePreflight(payload: PreflightJobPayload): Promise<void> {
  const data = PreflightJobPayload.parse(payload);
  await queue("preflight").add("preflight.run", data, {
    ...RUN_JOB_DEFAULTS,
    jobId: `preflight-${data.preflightId}`,
  });
}

/** The database row is the guard against doubles; the id only has to be new for a retry after a failure. */
export async function enqueueRollback(payload: RollbackJobPayload): Promise<void> {
  const data = RollbackJobPayload.parse(payload);
  await queue("rollbacks").add("rollback.run", data, {
    ...RUN_JOB_DEFAULTS,
    jobId: `rollback-${data.runId}-${Date.now()}`,
  });
}
