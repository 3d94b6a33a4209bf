import { hostname } from "node:os";
import { UnrecoverableError, Worker, type Processor } from "bullmq";
import { env } from "@/server/config/env";
import { loadEnvFile } from "@/server/config/load-env-file";
import { closeDb } from "@/server/db/client";
import { startHeartbeat } from "@/server/health/worker-heartbeat";
import { logger } from "@/server/log/logger";
import { runPreflight } from "@/server/preflight/run-preflight";
import {
  ChunkJobPayload,
  closeQueues,
  PreflightJobPayload,
  RollbackJobPayload,
  RunJobPayload,
  type QueueName,
} from "@/server/queue/jobs";
import { closeSharedRedis, createRedis, sharedRedis } from "@/server/queue/redis";
import { executeRollback } from "@/server/rollback/execute-rollback";
import { chunkSessions } from "@/server/runs/chunks/chunk-sessions";
import { copyChunk } from "@/server/runs/chunks/copy-chunk";
import { executeRun } from "@/server/runs/execute-run";
import { startRecoverySweep } from "@/server/runs/recovery-sweep";
import { closeRunFences, withRunFence } from "@/server/runs/run-fence";

loadEnvFile();

const log = logger.child({ component: "worker" });

// The worker process: one BullMQ Worker per queue, each job a one-line call into server/.
const handlers: Record<QueueName, { concurrency: number; process: Processor }> = {
  runs: {
    concurrency: env().FERRY_WORKER_CONCURRENCY,
    process: async (job) => {
      if (job.name !== "run.execute") throw new UnrecoverableError(`No handler for job ${job.name}`);
      const parsed = RunJobPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}`);
      log.info({ runId: parsed.data.runId, jobId: job.id, job: job.name }, "run started");
      await withRunFence(parsed.data.runId, () =>
        executeRun(parsed.data.runId, { reverify: parsed.data.reverify !== undefined }),
      );
      log.info({ runId: parsed.data.runId, jobId: job.id, job: job.name }, "run job done");
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
  rollbacks: {
    concurrency: 1,
    process: async (job) => {
      if (job.name !== "rollback.run") throw new UnrecoverableError(`No handler for job ${job.name}`);
      const parsed = RollbackJobPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}`);
      await executeRollback(parsed.data.runId);
    },
  },
};

/** The run id a job works for, when it has one, so every log line of a run can be found by it. */
const runIdOf = (data: unknown): string | undefined =>
  typeof data === "object" && data !== null && "runId" in data && typeof data.runId === "string"
    ? data.runId
    : undefined;

let inHand = 0;
const counted =
  (process: Processor): Processor =>
  async (...args) => {
    inHand++;
    try {
      return await process(...args);
    } finally {
      inHand--;
    }
  };

const workers = Object.fromEntries(
  Object.entries(handlers).map(([name, h]) => {
    const worker = new Worker(name, counted(h.process), {
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
    worker.on("error", (err) => log.error({ queue: name, err: err.message }, "queue error"));
    worker.on("failed", (job, err) =>
      log.error(
        { queue: name, job: job?.name, jobId: job?.id, runId: runIdOf(job?.data), err: err.message },
        "job failed",
      ),
    );
    return [name, worker];
  }),
) as Record<QueueName, Worker>;

await Promise.all(Object.values(workers).map((w) => w.waitUntilReady()));
const heartbeat = await startHeartbeat(sharedRedis());
log.info(
  {
    workerId: heartbeat.id,
    runs: env().FERRY_WORKER_CONCURRENCY,
    chunks: env().FERRY_CHUNK_CONCURRENCY,
  },
  "worker ready",
);

const stopRecoverySweep = startRecoverySweep();

/**
 * SIGTERM: take no new jobs; let the chunk and preflight jobs in hand finish for up to
 * FERRY_SHUTDOWN_GRACE_MS; then exit. A run's coordinator job is not waited for: it is resumable by phase
 * and waits on chunk jobs this process no longer takes, so it is handed back (its lock lapses after
 * FERRY_JOB_LOCK_MS and any worker resumes the run, exactly as after a crash).
 */
async function shutdown(signal: string) {
  log.info({ signal }, "stopping: no new jobs, finishing the chunks in hand");
  stopRecoverySweep();
  await heartbeat.stop();
  const grace = env().FERRY_SHUTDOWN_GRACE_MS;
  void workers.runs.close(true);
  const drained = await Promise.race([
    Promise.all([workers.chunks.close(), workers.preflight.close()]).then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), grace)),
  ]);
  if (drained && inHand === 0) {
    await chunkSessions.closeAll();
    await closeQueues();
    await closeSharedRedis();
    await closeRunFences();
    await closeDb();
    log.info("stopped cleanly");
  } else
    log.warn(
      { graceMs: grace, inHand },
      "stopped with jobs in hand: they are handed back when their locks lapse",
    );
  // Pools stay open for a job still in hand: closing them under it would make it record a false failure.
  logger.flush();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
