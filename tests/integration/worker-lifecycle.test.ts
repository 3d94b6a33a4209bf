import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { checkHealth } from "@/server/health/check-health";
import { INTEGRATION_ENV } from "../../vitest.config";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const ROWS = 200_000;
const CHUNK_ROWS = 10_000;
const WORKER_ENV = {
  FERRY_JOB_LOCK_MS: "3000",
  FERRY_CHUNK_CONCURRENCY: "2",
  FERRY_SHUTDOWN_GRACE_MS: "20000",
};

let cookie: string;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;

type Health = { ok: boolean; postgres: boolean; redis: boolean; workers: { live: number; ids: string[] } };
const health = async () => {
  const res = await call(healthRoute);
  return { status: res.status, body: (await res.json()) as Health };
};

const chunkStatuses = (runId: string) =>
  withClient(INTEGRATION_ENV.DATABASE_URL, async (c) =>
    (await c.query<{ status: string }>("SELECT status FROM run_chunks WHERE run_id = $1", [runId])).rows.map(
      (r) => r.status,
    ),
  );

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_lifecycle_source");
  target = await freshDatabase("ferry_it_lifecycle_target");
  await withClient(source.url, (c) =>
    c.query(`CREATE TABLE readings (id bigint PRIMARY KEY, body text NOT NULL);
             INSERT INTO readings SELECT g, repeat(md5(g::text), 5) FROM generate_series(1, ${ROWS}) g;`),
  );
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

describe("health", () => {
  it("is 503 while no worker beats, 200 with one, and names Redis when it cannot be reached", async () => {
    const idle = await health();
    expect(idle).toMatchObject({ status: 503, body: { ok: false, postgres: true, redis: true } });
    expect(idle.body.workers.live).toBe(0);

    const worker = await startWorker(WORKER_ENV);
    try {
      const up = await health();
      expect(up).toMatchObject({ status: 200, body: { ok: true, workers: { live: 1 } } });
      expect(worker.output()).toContain(up.body.workers.ids[0]);
    } finally {
      await worker.stop();
    }
    // stop() removes the heartbeat at once, not only when its TTL runs out.
    expect((await health()).body.workers.live).toBe(0);

    const nowhere = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0 });
    nowhere.on("error", () => undefined);
    try {
      expect(await checkHealth({ redis: nowhere, timeoutMs: 500 })).toMatchObject({
        ok: false,
        redis: false,
      });
    } finally {
      nowhere.disconnect();
    }
  });
});

describe("graceful shutdown", () => {
  it("on SIGTERM finishes the chunks in hand, exits 0, and a restarted worker finishes the run verified", async () => {
    let worker = await startWorker(WORKER_ENV);
    const url = (u: string) => `${u}?sslmode=disable`;
    const migrationId = await createMigration(cookie, {
      name: "lifecycle",
      sourceId: await createConnection(cookie, {
        name: "lifecycle src",
        engine: "postgres",
        url: url(source.url),
      }),
      targetId: await createConnection(cookie, {
        name: "lifecycle tgt",
        engine: "postgres",
        url: url(target.url),
      }),
      options: { chunkRows: CHUNK_ROWS },
    });
    const runId = await startRun(cookie, migrationId);
    await until("two chunks committed", async () =>
      (await chunkStatuses(runId)).filter((s) => s === "done").length >= 2 ? true : undefined,
    );
    worker.child.kill("SIGTERM");
    const [code] = (await once(worker.child, "exit")) as [number | null];
    const output = worker.output();
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toContain('"msg":"stopping: no new jobs, finishing the chunks in hand"');
    // The chunks it held were finished, not cut off: none is left half-copied.
    const statuses = await chunkStatuses(runId);
    expect(statuses).not.toContain("copying");
    expect(statuses.filter((s) => s === "done").length).toBeLessThan(ROWS / CHUNK_ROWS);

    // Structured lines: the run's id is on its lines.
    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === "run started" && l.runId === runId)).toBe(true);

    worker = await startWorker(WORKER_ENV);
    try {
      const final = await waitForRun(cookie, runId, { timeoutMs: 90_000, output: worker.output });
      expect(final.status, final.error ?? "").toBe("succeeded");
      const report = ReportV1.parse(await (await call(reportRoute, { cookie, params: { runId } })).json());
      expect(report.ok).toBe(true);
      expect(report.tables.find((t) => t.name === "public.readings")).toMatchObject({
        sourceRows: ROWS,
        targetRows: ROWS,
        match: true,
      });
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
