import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queue } from "@/server/queue/jobs";
import { signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { ferryQuery, keyCounts, runChunks, until, verifiedReport } from "../setup/faults";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// Key ranges of 10,000 rows of 1.3 kB: each chunk is some 13 MB, far more than the sockets between source,
// worker and target hold, so the source's COPY is still sending (and can be caught) while the target takes it.
const ROWS = 100_000;
const CHUNK_ROWS = 10_000;
const SOURCE_SQL = `
CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT NULL, body text NOT NULL);
INSERT INTO readings SELECT g, g % 97, repeat(md5(g::text), 40) FROM generate_series(1, ${ROWS}) g;
CREATE TABLE notes (body text);
INSERT INTO notes SELECT 'note ' || g FROM generate_series(1, 500) g;
`;
const WORKER_ENV = { FERRY_JOB_LOCK_MS: "3000", FERRY_CHUNK_CONCURRENCY: "2" };

let cookie: string;
let source: Awaited<ReturnType<typeof freshDatabase>>;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];
let sourceId: string;

async function startChunkedRun(targetName: string, parallelTables: number) {
  const target = await freshDatabase(targetName);
  targets.push(target);
  const targetId = await createConnection(cookie, {
    name: targetName,
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  const migrationId = await createMigration(cookie, {
    name: targetName,
    sourceId,
    targetId,
    options: { chunkRows: CHUNK_ROWS, parallelTables },
  });
  return { runId: await startRun(cookie, migrationId), target };
}

/**
 * Terminates the chunk sessions of `side` on `database` that are inside a COPY and have moved fewer than 95% of
 * a chunk's rows (pg_stat_progress_copy), so the copy certainly has rows still to move: a source session that
 * has sent its last row can be ended without the chunk noticing. Spares the chunks in `spare` (labels such as
 * `readings#3`, from the sessions' application_name); returns the labels it ended.
 */
const terminateCopying = (database: string, side: "ferry-chunk" | "ferry-copy-out", spare: string[] = []) =>
  withClient(source.url, async (c) =>
    (
      await c.query<{ label: string }>(
        `WITH caught AS MATERIALIZED (
           SELECT a.pid, substr(a.application_name, length($2) + 2) AS label
             FROM pg_stat_activity a JOIN pg_stat_progress_copy p ON p.pid = a.pid
            WHERE a.datname = $1 AND a.application_name LIKE $2 || ' %' AND a.query ILIKE 'COPY%'
              AND a.state = 'active' AND p.tuples_processed < $4)
         SELECT label FROM caught WHERE label <> ALL($3::text[]) AND pg_terminate_backend(pid)`,
        [database, side, spare, CHUNK_ROWS * 0.95],
      )
    ).rows.map((r) => r.label),
  );

/** The completed chunk jobs of a run in Redis: which worker took each, and what it returned. */
async function chunkJobs(runId: string) {
  const jobs = await queue("chunks").getJobs(["completed", "failed"]);
  return jobs
    .filter((j) => j.data.runId === runId)
    .map((j) => ({ key: `${j.data.table}#${j.data.seq}`, by: j.processedBy, outcome: j.returnvalue }));
}

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_faults_source");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  sourceId = await createConnection(cookie, {
    name: "faults source",
    engine: "postgres",
    url: `${source.url}?sslmode=disable`,
  });
});

afterAll(async () => {
  await source?.drop();
  for (const t of targets) await t.drop();
});

describe("PostgreSQL source, chunked copy, faults", () => {
  it("retries a chunk whose target or source session is terminated mid-copy; the run ends verified, no row doubled", async () => {
    const worker = await startWorker(WORKER_ENV);
    try {
      const { runId, target } = await startChunkedRun("ferry_it_faults_terminate", 2);
      const targetDb = new URL(target.url).pathname.slice(1);
      // Both kinds in one loop: a chunk copies in a few tens of milliseconds, so waiting for one kind first
      // can let the whole table finish before a session of the other kind is caught. The source session ended
      // belongs to another chunk than the target one (their application_name says which), so the two
      // terminations are two lost tries, each retried.
      const ended = { target: [] as string[], source: [] as string[] };
      await until("a target and a source chunk session terminated mid-COPY", async () => {
        if (!ended.target.length)
          ended.target = await terminateCopying(targetDb, "ferry-chunk", ended.source);
        if (!ended.source.length)
          ended.source = await terminateCopying("ferry_it_faults_source", "ferry-copy-out", ended.target);
        return ended.target.length && ended.source.length ? true : undefined;
      });
      const final = await waitForRun(cookie, runId, { timeoutMs: 120_000, output: worker.output });
      expect(final.status, final.error ?? worker.output()).toBe("succeeded");
      const retries = final.log.filter((l) =>
        /the connection was lost .*copying it again \(try 2 of 3\)/.test(l.message),
      );
      expect(retries.length).toBeGreaterThanOrEqual(2);
      const chunks = await runChunks(runId);
      expect(chunks.every((c) => c.status === "done")).toBe(true);
      expect(chunks.filter((c) => c.copies > 1).length).toBeGreaterThanOrEqual(1);
      await verifiedReport(cookie, runId);
      expect(await keyCounts(target.url, "readings")).toEqual({ n: ROWS, distinct: ROWS });
    } finally {
      await worker.stop();
    }
  }, 180_000);

  it("two workers racing on one run: executed once, every chunk copied exactly once, the run ends verified", async () => {
    const [a, b] = await Promise.all([startWorker(WORKER_ENV), startWorker(WORKER_ENV)]);
    const duplicateDone = () => queue("runs").getJob(`run-${runId}-duplicate`);
    let runId = "";
    try {
      const started = await startChunkedRun("ferry_it_faults_race", 4);
      runId = started.runId;
      const target = started.target;
      // A second job for the same live run, as a stalled-job takeover or a recovery sweep can make one: the
      // other worker takes it while the first still executes the run.
      await until("a chunk committed", async () =>
        (await runChunks(runId)).some((c) => c.status === "done") ? true : undefined,
      );
      await queue("runs").add("run.execute", { runId }, { jobId: `run-${runId}-duplicate` });
      const final = await waitForRun(cookie, runId, {
        timeoutMs: 120_000,
        output: () => a.output() + b.output(),
      });
      expect(final.status, final.error ?? "").toBe("succeeded");
      const { attempts } = (
        await ferryQuery<{ attempts: number }>("SELECT attempts FROM runs WHERE id = $1", [runId])
      )[0]!;
      expect(attempts).toBe(1);
      // The duplicate waited for the first execution to end, then found the run finished.
      await until("the duplicate run job finished", async () =>
        (await (await duplicateDone())?.getState()) === "completed" ? true : undefined,
      );
      expect(
        (await ferryQuery<{ attempts: number }>("SELECT attempts FROM runs WHERE id = $1", [runId]))[0]!
          .attempts,
      ).toBe(1);
      const chunks = await runChunks(runId);
      // readings split into a multiple of the 4 chunks in flight, notes whole.
      expect(chunks.length).toBe(Math.ceil(ROWS / CHUNK_ROWS / 4) * 4 + 1);
      expect(chunks.every((c) => c.status === "done" && c.copies === 1 && c.attempt === 1)).toBe(true);
      // Redis agrees: one completed job per chunk, each returned "done", and both processes took some.
      const jobs = await chunkJobs(runId);
      expect(jobs.length).toBe(chunks.length);
      expect(new Set(jobs.map((j) => j.key)).size).toBe(chunks.length);
      expect(jobs.every((j) => j.outcome === "done")).toBe(true);
      expect(new Set(jobs.map((j) => j.by)).size).toBe(2);
      await verifiedReport(cookie, runId);
      expect(await keyCounts(target.url, "readings")).toEqual({ n: ROWS, distinct: ROWS });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 180_000);
});
