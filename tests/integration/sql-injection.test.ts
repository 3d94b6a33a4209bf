import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import { GET as previewRoute } from "@/app/api/connections/[connectionId]/preview/route";
import { GET as profileRoute } from "@/app/api/connections/[connectionId]/profile/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, startRun, uploadFile, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const TABLE = `t"; DROP TABLE public.canary; --`;
const COLUMN = `c'); DROP TABLE public.canary; --`;
const SCHEMA = `s"; DROP TABLE public.canary; --`;
const INJECTIONS = [
  `x"; DROP TABLE public.canary; --`,
  `x'; DROP TABLE public.canary; --`,
  `x\\'; DROP TABLE public.canary; --`,
  `x$$; DROP TABLE public.canary; --`,
  `main.sqlite_master`,
  `pg_catalog.pg_authid`,
];

let cookie: string;
let dir: string;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let sourceId: string;
let pgSourceId: string;

const canaryAlive = (url: string) =>
  withClient(url, async (c) => (await c.query("SELECT to_regclass('public.canary') AS t")).rows[0].t);

beforeAll(async () => {
  cookie = await signIn("dba");
  dir = await mkdtemp(path.join(tmpdir(), "ferry-inject-"));
  const file = path.join(dir, "inject.sqlite");
  const db = new Database(file);
  db.exec(`CREATE TABLE ${q(TABLE)} (id INTEGER PRIMARY KEY, ${q(COLUMN)} TEXT);
           INSERT INTO ${q(TABLE)} VALUES (1, '''); DROP TABLE public.canary; --'), (2, '\\'), (3, '$$');`);
  db.close();
  target = await freshDatabase("ferry_it_injection_target");
  await withClient(target.url, (c) => c.query("CREATE TABLE public.canary (id int)"));
  sourceId = await createConnection(cookie, {
    name: "injection source",
    engine: "sqlite",
    uploadId: (await uploadFile(cookie, file)).id,
  });
  pgSourceId = await createConnection(cookie, {
    name: "injection pg source",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
});

afterAll(async () => {
  await target?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("no SQL injection through names, options or filters", () => {
  it("migrates SQL-shaped table, column and target-schema names literally, values intact", async () => {
    const worker = await startWorker();
    try {
      const migrationId = await createMigration(cookie, {
        name: "injection",
        sourceId,
        targetId: await createConnection(cookie, {
          name: "injection target",
          engine: "postgres",
          url: `${target.url}?sslmode=disable`,
        }),
        options: { targetSchema: SCHEMA },
      });
      const runId = await startRun(cookie, migrationId);
      const final = await waitForRun(cookie, runId, { timeoutMs: 90_000, output: worker.output });
      expect(final.status, final.error ?? "").toBe("succeeded");
      const report = ReportV1.parse(await (await call(reportRoute, { cookie, params: { runId } })).json());
      expect(report.ok).toBe(true);
    } finally {
      await worker.stop();
    }
    expect(await canaryAlive(target.url)).toBe("canary");
    await withClient(target.url, async (c) => {
      const rows = await c.query(`SELECT ${q(COLUMN)} AS v FROM ${q(SCHEMA)}.${q(TABLE)} ORDER BY id`);
      expect(rows.rows.map((r) => r.v)).toEqual(["'); DROP TABLE public.canary; --", "\\", "$$"]);
    });
  }, 120_000);

  it("answers SQL-shaped table filters with 404 or 400 (never rows or a 500), for SQLite and PostgreSQL sources alike", async () => {
    for (const connectionId of [sourceId, pgSourceId])
      for (const table of INJECTIONS) {
        const path = `/?table=${encodeURIComponent(table)}`;
        for (const route of [previewRoute, profileRoute]) {
          const res = await call(route, { cookie, params: { connectionId }, path });
          const body = await res.text();
          // A PostgreSQL source has no column profile to give: 200 [] whatever the name.
          if (res.status === 200) expect(body, table).toBe("[]");
          else expect([400, 404], `${table}: ${body}`).toContain(res.status);
        }
      }
    expect(await canaryAlive(target.url)).toBe("canary");
  });
});
