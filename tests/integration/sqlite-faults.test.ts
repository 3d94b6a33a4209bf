import { mkdtemp, readFile, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTEGRATION_ENV } from "../../vitest.config";
import { signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { ferryQuery, keyCounts, kill, runTables, until, verifiedReport } from "../setup/faults";
import { createConnection, createMigration, getRun, startRun, uploadFile, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// Enough rows that the copy of `events` takes a few seconds, so a fault can land in its middle.
const ROWS = 400_000;
const KINDS = 50;
const WORKER_ENV = { FERRY_JOB_LOCK_MS: "3000" };

let cookie: string;
let dir: string;
let bytes: Uint8Array;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];

/** A generated SQLite file: a big keyed table and a small one. */
function generate(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE kinds (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
           CREATE TABLE events (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL REFERENCES kinds (id),
                                amount REAL, body TEXT NOT NULL);`);
  const kind = db.prepare("INSERT INTO kinds VALUES (?, ?)");
  const event = db.prepare("INSERT INTO events VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (let k = 0; k < KINDS; k++) kind.run(k, `kind ${k}`);
    for (let i = 1; i <= ROWS; i++) event.run(i, i % KINDS, i / 8, `event ${i} ${"x".repeat(60 + (i % 40))}`);
  })();
  db.close();
}

/** Uploads the generated file under its own upload, a fresh target, a migration and a started run. */
async function startSqliteRun(name: string) {
  const upload = await uploadFile(cookie, bytes, `${name}.sqlite`);
  const sourceId = await createConnection(cookie, { name, engine: "sqlite", uploadId: upload.id });
  const target = await freshDatabase(`ferry_it_${name}`);
  targets.push(target);
  const targetId = await createConnection(cookie, {
    name: `${name} target`,
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  const migrationId = await createMigration(cookie, { name, sourceId, targetId });
  return { runId: await startRun(cookie, migrationId), target, uploadId: upload.id };
}

/** The moment the big table is visibly part-way through its copy. */
const eventsMidCopy = (runId: string) =>
  until("events part-way through its copy", async () => {
    const events = (await runTables(runId)).find((t) => t.name.endsWith("events"));
    return events?.status === "copying" && events.rows_done > 0 ? events : undefined;
  });

beforeAll(async () => {
  cookie = await signIn("dba");
  dir = await mkdtemp(path.join(tmpdir(), "ferry-sqlite-faults-"));
  const file = path.join(dir, "faults.sqlite");
  generate(file);
  bytes = new Uint8Array(await readFile(file));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const t of targets) await t.drop();
});

describe("SQLite source, faults", () => {
  it("survives a SIGKILL of the worker mid-copy: a restarted worker resumes and the run ends verified", async () => {
    let worker = await startWorker(WORKER_ENV);
    const { runId, target } = await startSqliteRun("sqlite_kill");
    try {
      await eventsMidCopy(runId);
      await kill(worker.child);
      expect((await getRun(cookie, runId)).status).toBe("running");

      worker = await startWorker(WORKER_ENV);
      const final = await waitForRun(cookie, runId, { timeoutMs: 120_000, output: worker.output });
      expect(final.status, final.error ?? worker.output()).toBe("succeeded");
      expect(final.log.map((l) => l.message).join("\n")).toMatch(/Resuming after an interrupted attempt/);
      const report = await verifiedReport(cookie, runId);
      expect(report.tables.find((t) => t.name.endsWith("events"))).toMatchObject({ targetRows: ROWS });
      expect(await keyCounts(target.url, "events")).toEqual({ n: ROWS, distinct: ROWS });
      expect(await keyCounts(target.url, "kinds")).toEqual({ n: KINDS, distinct: KINDS });
    } finally {
      await worker.stop();
    }
  }, 180_000);

  it("retries a table whose target session is terminated mid-copy; the run ends verified, no row doubled", async () => {
    const worker = await startWorker(WORKER_ENV);
    try {
      const { runId, target } = await startSqliteRun("sqlite_terminate");
      const database = new URL(target.url).pathname.slice(1);
      await eventsMidCopy(runId);
      // The events table's session is caught inside its COPY (kinds may be copying beside it); between two
      // batches it may read as idle for an instant.
      const terminated = await until(
        "the events COPY session, to terminate it",
        () =>
          withClient(target.url, async (c) => {
            const { rows } = await c.query<{ n: number }>(
              `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
                WHERE datname = $1 AND application_name = 'ferry-run' AND query ILIKE 'COPY %events%'
                  AND state = 'active'`,
              [database],
            );
            return rows[0]!.n > 0 ? rows[0]!.n : undefined;
          }),
        5_000,
      );
      expect(terminated).toBe(1);
      const final = await waitForRun(cookie, runId, { timeoutMs: 120_000, output: worker.output });
      expect(final.status, final.error ?? worker.output()).toBe("succeeded");
      expect(final.log.map((l) => l.message).join("\n")).toMatch(
        // The server's reason, or the socket's (EPIPE, ECONNRESET, …) when the worker was writing rows as it ended.
        /Table (\w+\.)?events: the connection was lost \([^)]+\); its transaction rolled back, copying it again \(try 2 of 3\)/,
      );
      await verifiedReport(cookie, runId);
      expect(await keyCounts(target.url, "events")).toEqual({ n: ROWS, distinct: ROWS });
    } finally {
      await worker.stop();
    }
  }, 180_000);

  it("fails clearly, naming the file, when the upload is removed mid-copy; the log states which tables are complete", async () => {
    const worker = await startWorker(WORKER_ENV);
    try {
      const { runId, target, uploadId } = await startSqliteRun("sqlite_gone");
      const { stored_name } = (
        await ferryQuery<{ stored_name: string }>("SELECT stored_name FROM uploads WHERE id = $1", [uploadId])
      )[0]!;
      await until("kinds copied", async () =>
        (await runTables(runId)).some((t) => t.name.endsWith("kinds") && t.status === "copied")
          ? true
          : undefined,
      );
      await eventsMidCopy(runId);
      await unlink(path.join(INTEGRATION_ENV.FERRY_DATA_DIR, "uploads", stored_name));

      const final = await waitForRun(cookie, runId, { timeoutMs: 120_000, output: worker.output });
      expect(final.status).toBe("failed");
      expect(final.error).toMatch(
        /The uploaded file "sqlite_gone\.sqlite" \(.+\.sqlite in Ferry's data directory\) is gone/,
      );
      const log = final.log.map((l) => l.message).join("\n");
      expect(log).toMatch(
        /Target state: 1 of 2 table\(s\) complete \((\w+\.)?kinds\); empty, their copy rolled back or not started: (\w+\.)?events\./,
      );
      // The target is as stated: kinds whole, events empty (its transaction rolled back), no half table.
      expect(await keyCounts(target.url, "kinds")).toEqual({ n: KINDS, distinct: KINDS });
      expect(await keyCounts(target.url, "events")).toEqual({ n: 0, distinct: 0 });
      expect(
        await withClient(
          target.url,
          async (c) => (await c.query("SELECT count(*)::int AS n FROM events")).rows[0].n,
        ),
      ).toBe(0);
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
