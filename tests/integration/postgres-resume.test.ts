import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import { POST as cancelRoute } from "@/app/api/runs/[runId]/cancel/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { INTEGRATION_ENV } from "../../vitest.config";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, getRun, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// ~75 MB of rows in 40 key ranges: long enough to kill the worker in the middle of the copy.
const ROWS = 400_000;
const CHUNK_ROWS = 10_000;
const SOURCE_SQL = `
CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT NULL, body text NOT NULL);
INSERT INTO readings SELECT g, g % 97, repeat(md5(g::text), 5) FROM generate_series(1, ${ROWS}) g;
CREATE TABLE sensors (id int PRIMARY KEY, name text);
INSERT INTO sensors SELECT g, 'sensor ' || g FROM generate_series(0, 96) g;
ALTER TABLE readings ADD FOREIGN KEY (sensor) REFERENCES sensors (id);
CREATE TABLE notes (body text);
INSERT INTO notes SELECT 'note ' || g FROM generate_series(1, 500) g;
`;
// A lock that expires quickly, so the restarted worker takes over the killed one's jobs within seconds.
const WORKER_ENV = { FERRY_JOB_LOCK_MS: "3000", FERRY_CHUNK_CONCURRENCY: "2" };

type Chunk = { table: string; seq: number; status: string; copies: number; attempt: number | null };

let cookie: string;
let source: Awaited<ReturnType<typeof freshDatabase>>;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];
let sourceId: string;

const connection = (name: string, url: string): Promise<string> =>
  createConnection(cookie, { name, engine: "postgres", url: `${url}?sslmode=disable` });

/** A fresh target, a chunked migration into it, and a started run; the run's id. */
async function startChunkedRun(targetName: string, parallelTables: number): Promise<string> {
  const target = await freshDatabase(targetName);
  targets.push(target);
  const targetId = await connection(targetName, target.url);
  const migrationId = await createMigration(cookie, {
    name: targetName,
    sourceId,
    targetId,
    options: { chunkRows: CHUNK_ROWS, parallelTables },
  });
  return startRun(cookie, migrationId);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ferry's own record of the chunks: the durable truth a resumed run works from. */
const chunks = (runId: string) =>
  withClient(
    INTEGRATION_ENV.DATABASE_URL,
    async (c) =>
      (
        await c.query<Chunk>(
          `SELECT table_name AS table, seq, status, copies, done_in_attempt AS attempt
           FROM run_chunks WHERE run_id = $1 ORDER BY table_name, seq`,
          [runId],
        )
      ).rows,
  );

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_resume_source");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  sourceId = await connection("resume source", source.url);
});

afterAll(async () => {
  await source?.drop();
  for (const t of targets) await t.drop();
});

describe("PostgreSQL source, chunked copy", () => {
  it("survives a SIGKILL of the worker mid-copy: a restarted worker finishes, redoing only unfinished chunks", async () => {
    let worker = await startWorker(WORKER_ENV);
    const runId = await startChunkedRun("ferry_it_resume_target", 2);
    const beforeKill = await until("a few chunks committed", async () => {
      const cs = await chunks(runId);
      return cs.filter((c) => c.status === "done").length >= 4 ? cs : undefined;
    });
    worker.child.kill("SIGKILL");
    await new Promise((r) => worker.child.once("exit", r));
    const doneBefore = (await chunks(runId)).filter((c) => c.status === "done");
    expect(beforeKill.length).toBe(ROWS / CHUNK_ROWS + 2);
    expect(doneBefore.length).toBeLessThan(beforeKill.length - 4);
    expect((await getRun(cookie, runId)).status).toBe("running");

    worker = await startWorker(WORKER_ENV);
    try {
      const final = await waitForRun(cookie, runId, {
        timeoutMs: 90_000,
        intervalMs: 50,
        output: worker.output,
      });
      expect(final.status, final.error ?? "").toBe("succeeded");
      expect(final.log.map((l) => l.message).join("\n")).toMatch(
        new RegExp(
          `Resuming the copy: ${doneBefore.length} of ${beforeKill.length} chunk\\(s\\) were committed`,
        ),
      );
      const after = await chunks(runId);
      expect(after.every((c) => c.status === "done")).toBe(true);
      // What was committed before the kill was not copied again; the rest was finished by attempt 2.
      for (const d of doneBefore) {
        const now = after.find((c) => c.table === d.table && c.seq === d.seq)!;
        expect(now).toMatchObject({ copies: 1, attempt: 1 });
      }
      const redone = after.filter((c) => !doneBefore.some((d) => d.table === c.table && d.seq === c.seq));
      expect(redone.length).toBeGreaterThan(0);
      expect(redone.every((c) => c.attempt === 2)).toBe(true);

      const report = ReportV1.parse(await (await call(reportRoute, { cookie, params: { runId } })).json());
      expect(report.ok).toBe(true);
      expect(report.tables.find((t) => t.name === "public.readings")).toMatchObject({
        sourceRows: ROWS,
        targetRows: ROWS,
        match: true,
      });
      await withClient(targets[0]!.url, async (c) => {
        const dupes = await c.query(`SELECT count(*)::int - count(DISTINCT id)::int AS n FROM readings`);
        expect(dupes.rows[0].n).toBe(0);
      });
    } finally {
      await worker.stop();
    }
  }, 180_000);

  it("survives a SIGKILL after a table's keys and indexes were built early: the resumed run does not build them again", async () => {
    let worker = await startWorker(WORKER_ENV);
    const runId = await startChunkedRun("ferry_it_resume_index_target", 2);
    const target = targets.at(-1)!;
    await until("the primary key of readings built while the data copies", () =>
      withClient(target.url, async (c) =>
        (await c.query("SELECT to_regclass('public.readings_pkey') AS i")).rows[0].i ? true : undefined,
      ),
    );
    worker.child.kill("SIGKILL");
    await new Promise((r) => worker.child.once("exit", r));
    worker = await startWorker(WORKER_ENV);
    try {
      const final = await waitForRun(cookie, runId, { timeoutMs: 90_000, output: worker.output });
      expect(final.status, final.error ?? "").toBe("succeeded");
      expect(final.log.map((l) => l.message).join("\n")).toMatch(
        /Built 2 of 2 indexes \([1-3] key\(s\), index\(es\) and FK\(s\) while the data copied\)/,
      );
      const report = ReportV1.parse(await (await call(reportRoute, { cookie, params: { runId } })).json());
      expect(report.ok).toBe(true);
    } finally {
      await worker.stop();
    }
  }, 180_000);

  it("cancel stops between chunks: committed chunks stay whole, nothing is half-written, and the run says so", async () => {
    const worker = await startWorker(WORKER_ENV);
    try {
      const runId = await startChunkedRun("ferry_it_cancel_target", 1);
      await until("two chunks committed", async () =>
        (await chunks(runId)).filter((c) => c.status === "done").length >= 2 ? true : undefined,
      );
      const res = await call(cancelRoute, { method: "POST", cookie, params: { runId } });
      expect(res.status).toBe(202);
      const final = await waitForRun(cookie, runId, {
        timeoutMs: 90_000,
        intervalMs: 50,
        output: worker.output,
      });
      expect(final.status).toBe("cancelled");
      const cs = await chunks(runId);
      expect(cs.some((c) => c.status === "copying")).toBe(false);
      const done = cs.filter((c) => c.status === "done" && c.table === "public.readings");
      expect(final.log.map((l) => l.message).join("\n")).toMatch(
        /Stopped between chunks: \d+ of \d+ chunk\(s\) are committed in the target; no chunk is half-written/,
      );
      // The log states the target table by table: readings holds whole key ranges only, as many as committed.
      expect(final.log.map((l) => l.message).join("\n")).toContain(
        `partly copied, in whole key ranges only: public.readings (${done.length} of ${ROWS / CHUNK_ROWS} ranges)`,
      );
      // Every committed chunk holds exactly its CHUNK_ROWS rows, and nothing else reached the target.
      await withClient(targets.at(-1)!.url, async (c) => {
        const n = (await c.query(`SELECT count(*)::int AS n FROM readings`)).rows[0].n;
        expect(n).toBe(done.length * CHUNK_ROWS);
      });
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
