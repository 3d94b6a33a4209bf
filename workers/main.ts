import { hostname } from "node:os";
import { UnrecoverableError, Worker, type Processor } from "bullmq";
import { env } from "@/server/config/env";
import { loadEnvFile } from "@/server/config/load-env-file";
import { closeDb } from "@/server/db/client";
import { runPreflight } from "@/server/preflight/run-preflight";
import {
  ChunkJobPayload,
  closeQueues,
  PreflightJobPayload,
  RunJobPayload,
  type QueueName,
} from "@/server/queue/jobs";
import { closeSharedRedis, createRedis } from "@/server/queue/redis";
import { copyChunk } from "@/server/runs/chunks/copy-chunk";
import { executeRun } from "@/server/runs/execute-run";
import { startRecoverySweep } from "@/server/runs/recovery-sweep";
import { withRunFence } from "@/server/runs/run-fence";

loadEnvFile();

// The worker process: one BullMQ Worker per queue, each job a one-line call into server/.
const handlers: Record<QueueName, { concurrency: number; process: Processor }> = {
  runs: {
    concurrency: env().FERRY_WORKER_CONCURRENCY,
    process: async (job) => {
      if (job.name !== "run.execute") throw new UnrecoverableError(`No handler for job ${job.name}`);
      const parsed = RunJobPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}`);
      await withRunFence(parsed.data.runId, () => executeRun(parsed.data.runId));
    },
  },
  chunks: {
    concurrency: env().FERRY_CHUNK_CONCURRENCY,
    process: async (job) => {
      if (job.name !== "chunk.copy") throw new UnrecoverableError(`No handler for job ${job.name}`);
      const parsed = ChunkJobPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}`);
      return copyChunk(parsed.data);
    },
  },
  preflight: {
    concurrency: 2,
    process: async (job) => {
      if (job.name !== "preflight.run") throw new UnrecoverableError(`No handler for job ${job.name}`);
      const parsed = PreflightJobPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}`);
      await runPreflight(parsed.data.preflightId);
    },
  },
};

const workers = Object.entries(handlers).map(([name, h]) => {
  const worker = new Worker(name, h.process, {
    connection: createRedis(),
    prefix: env().FERRY_REDIS_PREFIX,
    concurrency: h.concurrency,
    // Recorded on every job it takes (job.processedBy): which process copied what.
    name: `${hostname()}:${process.pid}`,
    // A killed worker's jobs are taken over once their lock expires; a run may be resumed several times.
    lockDuration: env().FERRY_JOB_LOCK_MS,
    stalledInterval: Math.max(1_000, Math.floor(env().FERRY_JOB_LOCK_MS / 2)),
    maxStalledCount: 5,
  });
  worker.on("error", (err) => console.error(`[worker:${name}] error:`, err.message));
  worker.on("failed", (job, err) =>
    console.error(`[worker:${name}] ${job?.name} ${job?.id} failed:`, err.message),
  );
  return worker;
});

await Promise.all(workers.map((w) => w.waitUntilReady()));
console.log(
  `[worker] ready (pid ${process.pid}, runs ${env().FERRY_WORKER_CONCURRENCY}, chunks ${env().FERRY_CHUNK_CONCURRENCY})`,
);

const stopRecoverySweep = startRecoverySweep();

async function shutdown(signal: string) {
  console.log(`[worker] ${signal}: finishing current jobs…`);
  stopRecoverySweep();
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  await closeSharedRedis();
  await closeDb();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
