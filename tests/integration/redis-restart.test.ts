import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { keyCounts, runChunks, until, verifiedReport } from "../setup/faults";
import { startPrivateRedis } from "../setup/private-redis";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// This file's Ferry (the route handlers here and the worker it starts) uses a Redis of its own, which the
// test restarts; the machine's shared Redis is never restarted. env() reads process.env on first use, later.
const redis = await startPrivateRedis();
process.env.REDIS_URL = redis.url;

const ROWS = 300_000;
const CHUNK_ROWS = 10_000;
const WORKER_ENV = { FERRY_JOB_LOCK_MS: "3000", FERRY_CHUNK_CONCURRENCY: "2", REDIS_URL: redis.url };

let cookie: string;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_redis_source");
  target = await freshDatabase("ferry_it_redis_target");
  await withClient(source.url, (c) =>
    c.query(`CREATE TABLE readings (id bigint PRIMARY KEY, body text NOT NULL);
             INSERT INTO readings SELECT g, repeat(md5(g::text), 5) FROM generate_series(1, ${ROWS}) g;`),
  );
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
  await redis.stop();
});

describe("Redis restarted mid-run, losing every queued job", () => {
  it("the worker re-queues the lost run and its lost chunks; the run ends verified, no row lost or doubled", async () => {
    const worker = await startWorker(WORKER_ENV);
    try {
      const sourceId = await createConnection(cookie, {
        name: "redis source",
        engine: "postgres",
        url: `${source.url}?sslmode=disable`,
      });
      const targetId = await createConnection(cookie, {
        name: "redis target",
        engine: "postgres",
        url: `${target.url}?sslmode=disable`,
      });
      const migrationId = await createMigration(cookie, {
        name: "redis restart",
        sourceId,
        targetId,
        options: { chunkRows: CHUNK_ROWS, parallelTables: 2 },
      });
      const runId = await startRun(cookie, migrationId);
      await until("a few chunks committed", async () =>
        (await runChunks(runId)).filter((c) => c.status === "done").length >= 3 ? true : undefined,
      );
      await redis.restart();

      const final = await waitForRun(cookie, runId, { timeoutMs: 120_000, output: worker.output });
      expect(final.status, final.error ?? worker.output()).toBe("succeeded");
      expect(final.log.map((l) => l.message).join("\n")).toMatch(
        /The queue had lost this run's job \(Redis restarted without its data\); it was queued again/,
      );
      const chunks = await runChunks(runId);
      expect(chunks.every((c) => c.status === "done")).toBe(true);
      await verifiedReport(cookie, runId);
      expect(await keyCounts(target.url, "readings")).toEqual({ n: ROWS, distinct: ROWS });
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
