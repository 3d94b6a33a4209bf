import { UnrecoverableError, Worker } from "bullmq";
import { env } from "@/server/config/env";
import { closeDb } from "@/server/db/client";
import { closeQueues, RunJobPayload } from "@/server/queue/jobs";
import { closeSharedRedis, createRedis } from "@/server/queue/redis";
import { executeRun } from "@/server/runs/execute-run";
import { loadEnvFile } from "@/server/config/load-env-file";

loadEnvFile();

// The worker process: one BullMQ Worker per queue, each job a one-line call into server/.
const worker = new Worker(
  "runs",
  async (job) => {
    if (job.name !== "run.execute") throw new UnrecoverableError(`No handler for job ${job.name}`);
    const parsed = RunJobPayload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}`);
    await executeRun(parsed.data.runId);
  },
  {
    connection: createRedis(),
    prefix: env().FERRY_REDIS_PREFIX,
    concurrency: env().FERRY_WORKER_CONCURRENCY,
    // A killed worker's run is picked up again after the lock expires; a run may be resumed several times.
    lockDuration: 30_000,
    stalledInterval: 15_000,
    maxStalledCount: 5,
  },
);

worker.on("error", (err) => console.error("[worker] error:", err.message));
worker.on("failed", (job, err) => console.error(`[worker] ${job?.name} ${job?.id} failed:`, err.message));
worker.on("ready", () =>
  console.log(`[worker] ready (pid ${process.pid}, concurrency ${env().FERRY_WORKER_CONCURRENCY})`),
);

async function shutdown(signal: string) {
  console.log(`[worker] ${signal}: finishing current jobs…`);
  await worker.close();
  await closeQueues();
  await closeSharedRedis();
  await closeDb();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
