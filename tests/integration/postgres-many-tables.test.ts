import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queue } from "@/server/queue/jobs";
import { getRun, startRun, createMigration, waitForRun } from "../setup/runs";
import { signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { runChunks, until, verifiedReport } from "../setup/faults";
import { createConnection, migrateAndWait } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// A schema of many small tables (multi-tenant and ERP schemas have hundreds or thousands): each with a key,
// an index and an FK, some with names that need quoting, one at PostgreSQL's 63-byte limit.
const TABLES = 150;
const ROWS = 20;
const tableName = (i: number) =>
  i === 0 ? "t".repeat(60) + "000" : i % 10 === 0 ? `Tabelle ${i} "ü"` : `t${String(i).padStart(3, "0")}`;
const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

const SOURCE_SQL = `
CREATE SCHEMA "Many Tables";
CREATE TABLE "Many Tables".tenants (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO "Many Tables".tenants SELECT g, 'tenant ' || g FROM generate_series(1, 10) g;
${Array.from({ length: TABLES }, (_, i) => {
  const t = `"Many Tables".${q(tableName(i))}`;
  return `CREATE TABLE ${t} (id bigserial PRIMARY KEY, tenant_id integer NOT NULL REFERENCES "Many Tables".tenants (id), label text, at timestamptz DEFAULT now());
CREATE INDEX ON ${t} (tenant_id);
INSERT INTO ${t} (tenant_id, label) SELECT 1 + g % 10, md5(g::text || '${i}') FROM generate_series(1, ${ROWS}) g;`;
}).join("\n")}
`;

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
const others: Awaited<ReturnType<typeof freshDatabase>>[] = [];

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_many_source");
  target = await freshDatabase("ferry_it_many_target");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  worker = await startWorker();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await source?.drop();
  await target?.drop();
  for (const db of others) await db.drop();
});

describe("PostgreSQL → PostgreSQL, many small tables", () => {
  it("copies them in batches, builds every key, index and FK, analyzes each, and verifies every table", async () => {
    const connection = (name: string, url: string) =>
      createConnection(cookie, { name, engine: "postgres", url: `${url}?sslmode=disable` });
    const snap = await migrateAndWait(
      cookie,
      {
        name: `many ${Date.now()}`,
        sourceId: await connection("many source", source.url),
        targetId: await connection("many target", target.url),
      },
      { timeoutMs: 120_000, intervalMs: 250, output: worker.output },
    );
    expect(snap.error, JSON.stringify(snap.log)).toBeNull();
    expect(snap.status).toBe("succeeded");
    const log = snap.log.map((l) => l.message).join("\n");
    expect(log).toMatch(new RegExp(`${TABLES + 1} small table\\(s\\) go up to 64 to a job`));

    // Fewer jobs than tables: the small tables went in batches, each chunk committed once.
    const jobs = (await queue("chunks").getJobs(["completed"])).filter((j) => j.data.runId === snap.id);
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(jobs.length).toBeLessThan(10);
    const chunks = await runChunks(snap.id);
    expect(chunks).toHaveLength(TABLES + 1);
    expect(chunks.every((c) => c.status === "done" && c.copies === 1)).toBe(true);

    // Every table's status as the run page shows it: the verified statuses, written in batches, all landed
    // before the run said it succeeded.
    expect(snap.tables.filter((t) => t.status !== "verified")).toEqual([]);
    expect(snap.tables).toHaveLength(TABLES + 1);
    const report = await verifiedReport(cookie, snap.id);
    expect(report.tables).toHaveLength(TABLES + 1);
    expect(report.tables.every((t) => t.targetRows === (t.name.endsWith(".tenants") ? 10 : ROWS))).toBe(true);

    await withClient(target.url, async (c) => {
      const one = async (sql: string) => (await c.query<{ n: number }>(sql)).rows[0]!.n;
      const where = `connamespace = '"Many Tables"'::regnamespace`;
      expect(await one(`SELECT count(*)::int AS n FROM pg_constraint WHERE ${where} AND contype = 'p'`)).toBe(
        TABLES + 1,
      );
      expect(await one(`SELECT count(*)::int AS n FROM pg_constraint WHERE ${where} AND contype = 'f'`)).toBe(
        TABLES,
      );
      expect(await one(`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'Many Tables'`)).toBe(
        2 * TABLES + 1,
      );
      // Every table has the planner's statistics, and every sequence goes on from the source's value.
      expect(
        await one(
          `SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE schemaname = 'Many Tables' AND last_analyze IS NOT NULL`,
        ),
      ).toBe(TABLES + 1);
      expect(
        await one(
          `SELECT count(*)::int AS n FROM pg_sequences WHERE schemaname = 'Many Tables' AND last_value = ${ROWS}`,
        ),
      ).toBe(TABLES);
      // The FKs hold: a row for a tenant that does not exist is refused.
      await expect(
        c.query(`INSERT INTO "Many Tables".${q(tableName(10))} (tenant_id) VALUES (999)`),
      ).rejects.toThrow(/foreign key/);
    });
  }, 150_000);

  it("survives a SIGKILL of the worker between batches: the batch in flight rolls back, the rest is redone once", async () => {
    // Heavier small tables, one batch at a time, so the kill lands while batches remain.
    const TABLES_K = 120;
    const ROWS_K = 4_000;
    const heavy = await freshDatabase("ferry_it_many_kill_source");
    const into = await freshDatabase("ferry_it_many_kill_target");
    others.push(heavy, into);
    await withClient(heavy.url, (c) =>
      c.query(`DO $$ BEGIN FOR i IN 1..${TABLES_K} LOOP
        EXECUTE format('CREATE TABLE %I (id integer PRIMARY KEY, body text NOT NULL)', 'k' || i);
        EXECUTE format('INSERT INTO %I SELECT g, md5(g::text) FROM generate_series(1, ${ROWS_K}) g', 'k' || i);
      END LOOP; END $$`),
    );
    await worker.stop();
    const env = { FERRY_JOB_LOCK_MS: "3000", FERRY_CHUNK_CONCURRENCY: "1" };
    worker = await startWorker(env);
    const connection = (name: string, url: string) =>
      createConnection(cookie, { name, engine: "postgres", url: `${url}?sslmode=disable` });
    const migrationId = await createMigration(cookie, {
      name: `many kill ${Date.now()}`,
      sourceId: await connection("many kill source", heavy.url),
      targetId: await connection("many kill target", into.url),
      options: { parallelTables: 1 },
    });
    const runId = await startRun(cookie, migrationId);
    await until("a batch committed and others left", async () => {
      const cs = await runChunks(runId);
      const done = cs.filter((c) => c.status === "done").length;
      return done > 0 && done < TABLES_K ? true : undefined;
    });
    worker.child.kill("SIGKILL");
    await new Promise((r) => worker.child.once("exit", r));
    const doneBefore = (await runChunks(runId)).filter((c) => c.status === "done");
    expect(doneBefore.length).toBeLessThan(TABLES_K);
    expect((await getRun(cookie, runId)).status).toBe("running");

    worker = await startWorker(env);
    const final = await waitForRun(cookie, runId, {
      timeoutMs: 90_000,
      intervalMs: 100,
      output: worker.output,
    });
    expect(final.status, final.error ?? worker.output()).toBe("succeeded");
    expect(final.log.map((l) => l.message).join("\n")).toMatch(
      new RegExp(`Resuming the copy: ${doneBefore.length} of ${TABLES_K} chunk\\(s\\) were committed`),
    );
    const after = await runChunks(runId);
    expect(after.every((c) => c.status === "done")).toBe(true);
    // What was committed before the kill was not copied again.
    for (const d of doneBefore)
      expect(after.find((c) => c.table === d.table)).toMatchObject({ copies: 1, attempt: 1 });
    const report = await verifiedReport(cookie, runId);
    expect(report.tables.every((t) => t.targetRows === ROWS_K)).toBe(true);
  }, 180_000);
});
