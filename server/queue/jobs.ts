import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import { env } from "@/server/config/env";
import { sharedRedis } from "./redis";

export const QUEUES = ["runs"] as const;
export type QueueName = (typeof QUEUES)[number];

export const RunJobPayload = z.object({ runId: z.uuid() });
export type RunJobPayload = z.infer<typeof RunJobPayload>;

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
  await queue("runs").add("run.execute", data, { ...RUN_JOB_DEFAULTS, jobId: `run-${data.runId}` });
}
