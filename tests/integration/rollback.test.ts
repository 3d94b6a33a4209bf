import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { and, asc, eq } from "drizzle-orm";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RollbackRequestResult } from "@/contracts/rollback";
import type { RunSnapshot } from "@/contracts/runs";
import { POST as startRunRoute } from "@/app/api/migrations/[migrationId]/runs/route";
import { POST as rollbackRoute } from "@/app/api/runs/[runId]/rollback/route";
import { db } from "@/server/db/client";
import { auditEvents, migrations, runRollbacks, runs, runSnapshots } from "@/server/db/schema";
import { snapshotPath } from "@/server/rollback/snapshot-files";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, getRun, migrateAndWait, uploadFile } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let sourceId: string;
let targetId: string;
let dir: string;

/** The target as a rollback must give it back: every user table's rows, and the catalog. */
async function targetState(c: pg.Client) {
  const { rows: tables } = await c.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const content: Record<string, { rows: string; md5: string }> = {};
  for (const { name } of tables) {
    const { rows } = await c.query(
      `SELECT count(*)::text AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS md5 FROM ${name} t`,
    );
    content[name] = rows[0];
  }
  const { rows: objects } = await c.query<{ o: string }>(
    `SELECT c.relkind::text || ' ' || n.nspname || '.' || c.relname AS o FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1`,
  );
  const { rows: defaults } = await c.query<{ d: string }>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '') AS d
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`,
  );
  const { rows: others } = await c.query<{ o: string }>(
    `SELECT 'extension ' || extname AS o FROM pg_extension
     UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
     UNION ALL SELECT 'type ' || typnamespace::regnamespace || '.' || typname FROM pg_type
                WHERE typtype IN ('e', 'd', 'r') AND typnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema')
     UNION ALL SELECT 'function ' || oid::regprocedure FROM pg_proc
                WHERE pronamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1`,
  );
  return {
    content,
    objects: objects.map((r) => r.o),
    columns: defaults.map((r) => r.d),
    others: others.map((r) => r.o),
  };
}

const rollback = (runId: string) => call(rollbackRoute, { method: "POST", cookie, params: { runId } });

async function waitForRollback(runId: string): Promise<RunSnapshot> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const snap = await getRun(cookie, runId);
    if (snap.rollback?.status === "succeeded" || snap.rollback?.status === "failed") return snap;
    if (Date.now() > deadline)
      throw new Error(`rollback did not finish: ${JSON.stringify(snap.rollback)}\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  cookie = await signIn("dba");
  target = await freshDatabase("ferry_it_rb_target");
  worker = await startWorker();
  dir = await mkdtemp(path.join(tmpdir(), "ferry-rollback-"));
  const file = path.join(dir, "shop.sqlite");
  const src = new Database(file);
  src.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Linus');
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL);
    INSERT INTO orders VALUES (10, 1, 9.5), (11, 3, 20);`);
  src.close();
  sourceId = await createConnection(cookie, {
    name: "Shop",
    engine: "sqlite",
    uploadId: (await uploadFile(cookie, new Uint8Array(await readFile(file)), "shop.sqlite")).id,
  });
  targetId = await createConnection(cookie, {
    name: "RB target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  // The target the run lands on already holds an app: a customers table the run will replace, and settings.
  await withClient(target.url, (c) =>
    c.query(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, vip boolean DEFAULT false);
      CREATE INDEX customers_name ON customers (name);
      INSERT INTO customers VALUES (1, 'Old one', true), (2, 'Old two', false), (5, E'Tab\\there', NULL), (9, 'Zoë', true);
      CREATE TABLE settings (id serial, key text PRIMARY KEY, value text);
      INSERT INTO settings (key, value) VALUES ('theme', 'dark'), ('version', '41');`),
  );
});

afterAll(async () => {
  await worker?.stop();
  await target?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("Rollback", () => {
  let runId: string;
  let before: Awaited<ReturnType<typeof targetState>>;

  it("snapshots the non-empty target, runs the post-scripts in order and audits them", async () => {
    before = await withClient(target.url, targetState);
    const run = await migrateAndWait(
      cookie,
      {
        name: "shop with rollback",
        sourceId,
        targetId,
        options: {
          ifTargetExists: "recreate",
          snapshotBeforeRun: true,
          postScripts: [
            {
              name: "001 audit table",
              sql: "CREATE TABLE app_audit (id serial PRIMARY KEY, note text);\nINSERT INTO app_audit (note) VALUES ('migrated');",
            },
            {
              name: "002 bump version",
              sql: "UPDATE settings SET value = '42' WHERE key = 'version';\nCREATE TYPE mood AS ENUM ('ok');",
            },
          ],
        },
      },
      { output: worker.output },
    );
    expect(run.error, worker.output().slice(-3000)).toBeNull();
    expect(run.status).toBe("succeeded");
    runId = run.id;
    expect(run.log.map((l) => l.message).join("\n")).toMatch(
      /Snapshot for rollback: pg_dump -Fc of 2 existing table\(s\) \(public.customers, public.settings; 6 rows\), [\d,]+ bytes in [\d.]+ s/,
    );
    expect(
      run.log.some((l) =>
        /Post-script 1 of 2 "001 audit table" \(sha256 [0-9a-f]{12}…\) applied/.test(l.message),
      ),
    ).toBe(true);
    expect(run.log.some((l) => l.message.includes("INSERT INTO app_audit"))).toBe(false);
    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "run.post_script"), eq(auditEvents.objectId, runId)))
      .orderBy(asc(auditEvents.id));
    expect(audited.map((a) => [a.details.name, a.details.outcome, a.details.position])).toEqual([
      ["001 audit table", "succeeded", 1],
      ["002 bump version", "succeeded", 2],
    ]);
    expect(audited[0]!.details.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain("INSERT INTO app_audit");

    const [snap] = await db().select().from(runSnapshots).where(eq(runSnapshots.runId, runId));
    expect((await stat(snapshotPath(snap!.file!))).size).toBe(snap!.bytes);
    expect(snap!.created!.map((o) => `${o.kind} ${o.name}`)).toEqual(
      expect.arrayContaining(["table orders", "table app_audit", "sequence app_audit_id_seq", "type mood"]),
    );
    await withClient(target.url, async (c) => {
      expect((await c.query("SELECT value FROM settings WHERE key = 'version'")).rows[0].value).toBe("42");
      expect((await c.query("SELECT count(*)::int AS n FROM customers")).rows[0].n).toBe(3);
    });
    expect(run.rollback).toMatchObject({ available: true, status: null });
  });

  it("is for dba and admin only", async () => {
    const res = await call(rollbackRoute, {
      method: "POST",
      cookie: await signIn("lead"),
      params: { runId },
    });
    expect(res.status).toBe(403);
  });

  it("refuses while another run writes to the same target", async () => {
    const [m] = await db().select().from(migrations).where(eq(migrations.targetId, targetId));
    const [busy] = await db()
      .insert(runs)
      .values({ migrationId: m!.id, status: "running", createdBy: m!.createdBy })
      .returning({ id: runs.id });
    try {
      const res = await rollback(runId);
      expect(res.status).toBe(409);
      const body = (await res.json()) as { code: string; detail: string };
      expect(body.code).toBe("target_busy");
      expect(body.detail).toContain(`Run ${busy!.id} is writing to the same target`);
    } finally {
      await db().update(runs).set({ status: "cancelled" }).where(eq(runs.id, busy!.id));
    }
  });

  it("refuses to start a run on a target while a rollback there is under way", async () => {
    const [m] = await db().select().from(migrations).where(eq(migrations.targetId, targetId));
    const [other] = await db()
      .insert(runs)
      .values({ migrationId: m!.id, status: "failed", createdBy: m!.createdBy })
      .returning({ id: runs.id });
    await db()
      .insert(runRollbacks)
      .values({ runId: other!.id, status: "running", requestedBy: m!.createdBy });
    try {
      const res = await call(startRunRoute, { method: "POST", cookie, params: { migrationId: m!.id } });
      expect(res.status).toBe(409);
      const body = (await res.json()) as { code: string; detail: string };
      expect(body).toMatchObject({ code: "target_rolling_back" });
      expect(body.detail).toContain(`Run ${other!.id} is being rolled back on the same target`);
    } finally {
      await db().delete(runRollbacks).where(eq(runRollbacks.runId, other!.id));
    }
  });

  it("drops what the run created, restores the snapshot and proves the before-state", async () => {
    const res = await rollback(runId);
    expect(res.status, await res.clone().text()).toBe(202);
    const run = await waitForRollback(runId);
    expect(run.rollback?.error, worker.output().slice(-3000)).toBeNull();
    expect(run.rollback?.status).toBe("succeeded");
    expect(run.rollback?.steps.map((s) => s.status)).toEqual(["done", "done", "done"]);
    expect(run.rollback?.outcome).toMatch(/restored 2 table\(s\) \(6 rows\), each matching its snapshot/);
    expect(await withClient(target.url, targetState)).toEqual(before);
    const finished = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, runId), eq(auditEvents.action, "run.rollback_finished")));
    expect(finished.map((a) => a.details.outcome)).toEqual(["succeeded"]);
  });

  it("says a second rollback has nothing to do", async () => {
    const res = await rollback(runId);
    expect(res.status).toBe(200);
    const body = RollbackRequestResult.parse(await res.json());
    expect(body.alreadyRolledBack).toBe(true);
    expect(body.message).toMatch(/already rolled back/);
  });

  it("fails a run at a failing post-script, naming it and the line", async () => {
    const run = await migrateAndWait(
      cookie,
      {
        name: "shop with a broken script",
        sourceId,
        targetId,
        options: {
          ifTargetExists: "recreate",
          targetSchema: "broken",
          postScripts: [
            { name: "ok first", sql: "SELECT 1;" },
            { name: "typo", sql: "UPDATE broken.customers SET name = name;\nSELEC 1;" },
            { name: "never", sql: "CREATE TABLE broken.never (x int);" },
          ],
        },
      },
      { output: worker.output },
    );
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(
      /^Post-script "typo" failed at line 2, column 1: syntax error at or near "SELEC" \(SQLSTATE 42601\)/,
    );
    await withClient(target.url, async (c) => {
      expect((await c.query("SELECT to_regclass('broken.never') AS t")).rows[0].t).toBeNull();
    });
    const res = await rollback(run.id);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("no_snapshot");
  });
});

describe("Rollback of a PostgreSQL → PostgreSQL run", () => {
  let source: Awaited<ReturnType<typeof freshDatabase>>;
  let pgTarget: Awaited<ReturnType<typeof freshDatabase>>;

  afterAll(async () => {
    await source?.drop();
    await pgTarget?.drop();
  });

  // The PostgreSQL path needs an empty target (it stops on existing tables, and its object inventory counts
  // every object): the snapshot notes the catalog, the rollback drops everything the run created.
  it("drops every schema, type, function, extension and table the run and its script created", async () => {
    source = await freshDatabase("ferry_it_rb_pg_source");
    pgTarget = await freshDatabase("ferry_it_rb_pg_target");
    await withClient(source.url, (c) =>
      c.query(`CREATE EXTENSION citext;
        CREATE SCHEMA app;
        CREATE TYPE app.mood AS ENUM ('ok', 'sad');
        CREATE DOMAIN app.positive AS int CHECK (VALUE > 0);
        CREATE TABLE app.people (id serial PRIMARY KEY, email citext UNIQUE, mood app.mood, age app.positive);
        INSERT INTO app.people (email, mood, age) VALUES ('a@x', 'ok', 30), ('b@x', 'sad', 40);
        CREATE FUNCTION app.adults() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.people WHERE age >= 18';
        CREATE VIEW app.moods AS SELECT mood, count(*) FROM app.people GROUP BY mood;`),
    );
    const before = await withClient(pgTarget.url, targetState);
    const srcId = await createConnection(cookie, {
      name: "PG source",
      engine: "postgres",
      url: `${source.url}?sslmode=disable`,
    });
    const tgtId = await createConnection(cookie, {
      name: "PG target",
      engine: "postgres",
      url: `${pgTarget.url}?sslmode=disable`,
    });
    const run = await migrateAndWait(
      cookie,
      {
        name: "pg with rollback",
        sourceId: srcId,
        targetId: tgtId,
        options: {
          snapshotBeforeRun: true,
          postScripts: [{ name: "index", sql: "CREATE INDEX people_mood ON app.people (mood);" }],
        },
      },
      { output: worker.output },
    );
    expect(run.error, worker.output().slice(-3000)).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(
      run.log.some((l) => l.message.includes("the target schema(s) hold no table yet, nothing to dump")),
    ).toBe(true);

    expect((await rollback(run.id)).status).toBe(202);
    const done = await waitForRollback(run.id);
    expect(done.rollback?.error, worker.output().slice(-3000)).toBeNull();
    expect(done.rollback?.status).toBe("succeeded");
    expect(await withClient(pgTarget.url, targetState)).toEqual(before);
  });
});
