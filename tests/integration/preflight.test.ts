import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreflightReport, type PreflightCheckResult } from "@/contracts/preflight";
import {
  GET as preflightGet,
  POST as preflightPost,
} from "@/app/api/migrations/[migrationId]/preflight/route";
import { POST as dryRunRoute } from "@/app/api/migrations/[migrationId]/dry-run/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, uploadFile } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const NO_CREATE_ROLE = "ferry_pf_nocreate";
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const LONG_COLUMN = `customer_reference_number_${"x".repeat(44)}`; // 70 bytes

let dba: string;
let auditor: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let crowded: Awaited<ReturnType<typeof freshDatabase>>;
let clean: Awaited<ReturnType<typeof freshDatabase>>;
let dir: string;

async function sqliteUpload(name: string, ddl: string): Promise<string> {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.exec(ddl);
  db.close();
  return (await uploadFile(dba, new Uint8Array(await readFile(file)), name)).id;
}

/** POST the preflight (202), then poll GET until the worker has finished it. */
async function preflight(migrationId: string): Promise<Map<string, PreflightCheckResult>> {
  const started = await call(preflightPost, { method: "POST", cookie: dba, params: { migrationId } });
  expect(started.status, await started.clone().text()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await call(preflightGet, { cookie: auditor, params: { migrationId } });
    expect(res.status).toBe(200);
    const report = PreflightReport.parse(await res.json());
    expect(report.id).toBe(id);
    if (report.status === "finished") {
      expect(report.summary.pass + report.summary.warn + report.summary.fail).toBe(report.checks.length);
      expect(report.checks.length + report.summary.notApplicable.length).toBeGreaterThanOrEqual(25);
      const order = { fail: 0, warn: 1, pass: 2 };
      const ranks = report.checks.map((c) => order[c.verdict]);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      return new Map(report.checks.map((c) => [c.id, c]));
    }
    if (report.status === "failed" || Date.now() > deadline)
      throw new Error(`preflight ${report.status}: ${report.error}\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dba = await signIn("dba");
  auditor = await signIn("auditor");
  dir = await mkdtemp(path.join(tmpdir(), "ferry-pf-"));
  source = await freshDatabase("ferry_it_pf_source");
  crowded = await freshDatabase("ferry_it_pf_crowded");
  clean = await freshDatabase("ferry_it_pf_clean");
  await withClient(source.url, (c) =>
    c.query(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
             CREATE TABLE events (at timestamptz NOT NULL, note text);
             INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
             INSERT INTO events VALUES (now(), 'signed up');`),
  );
  await withClient(crowded.url, (c) => c.query("CREATE TABLE customers (id int PRIMARY KEY)"));
  await withClient(ADMIN_URL, async (c) => {
    await c.query(`DROP ROLE IF EXISTS ${NO_CREATE_ROLE}`);
    await c.query(`CREATE ROLE ${NO_CREATE_ROLE} LOGIN`);
  });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([source?.drop(), crowded?.drop(), clean?.drop()]);
  await withClient(ADMIN_URL, (c) => c.query(`DROP ROLE IF EXISTS ${NO_CREATE_ROLE}`)).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pgConnection = (name: string, url: string) => createConnection(dba, { name, engine: "postgres", url });

describe("preflight", () => {
  it("answers 404 before the first assessment, and refuses an auditor who tries to start one", async () => {
    const sourceId = await pgConnection("PF source", `${source.url}?sslmode=disable`);
    const targetId = await pgConnection("PF clean", `${clean.url}?sslmode=disable`);
    const migrationId = await createMigration(dba, { name: "pf roles", sourceId, targetId });
    expect((await call(preflightGet, { cookie: auditor, params: { migrationId } })).status).toBe(404);
    const res = await call(preflightPost, { method: "POST", cookie: auditor, params: { migrationId } });
    expect(res.status).toBe(403);
  });

  it("fails on a colliding target table and warns that a table without a primary key cannot be chunked", async () => {
    const sourceId = await pgConnection("PF source 2", `${source.url}?sslmode=disable`);
    const targetId = await pgConnection("PF crowded", `${crowded.url}?sslmode=disable`);
    const migrationId = await createMigration(dba, { name: "pf collide", sourceId, targetId });
    const checks = await preflight(migrationId);

    const collide = checks.get("target-collisions")!;
    expect(collide.verdict).toBe("fail");
    expect(collide.evidence).toContain(
      "The target already has 1 of the migration's tables: public.customers.",
    );
    expect(collide.remedy).toContain("DROP TABLE public.customers;");

    const pk = checks.get("primary-keys")!;
    expect(pk.verdict).toBe("warn");
    expect(pk.evidence).toContain("1 table(s) have no primary key: public.events.");
    expect(pk.evidence).toContain("cannot be chunked into key ranges");
    expect(pk.evidence).toContain("cannot be localised by key");
    expect(pk.remedy).toContain("ADD PRIMARY KEY");

    for (const id of [
      "source-connect",
      "target-connect",
      "target-version",
      "source-select",
      "extensions",
      "pg-dump",
      "source-tls",
      "target-tls",
      "source-long-transactions",
      "source-locks",
      "target-encoding",
    ])
      expect(checks.get(id), id).toMatchObject({ verdict: "pass", remedy: null });
    expect(checks.get("source-select")!.evidence).toContain("may SELECT from all 2 table(s)");
    // The dry run plans through the same shared code and sees the same collision.
    const dry = await call(dryRunRoute, { method: "POST", cookie: dba, params: { migrationId } });
    expect(((await dry.json()) as { blockers: string[] }).blockers).toEqual([
      "The target already has 1 of these tables (public.customers); the run would stop before writing.",
    ]);
    expect(checks.get("target-version")!.evidence).toMatch(/^PostgreSQL 1\d.* ≥ 13\)\.$/);
  });

  it("fails when the target role may not create schemas or tables, naming the GRANT to run", async () => {
    const sourceId = await pgConnection("PF source 3", `${source.url}?sslmode=disable`);
    const targetId = await pgConnection(
      "PF clean as a role without CREATE",
      `postgres://${NO_CREATE_ROLE}@127.0.0.1:5432/${clean.url.split("/").pop()}?sslmode=disable`,
    );
    const checks = await preflight(await createMigration(dba, { name: "pf privileges", sourceId, targetId }));
    const db = checks.get("target-create-database")!;
    expect(db.verdict).toBe("fail");
    expect(db.evidence).toContain(
      `"${NO_CREATE_ROLE}" has no CREATE privilege on database "ferry_it_pf_clean"`,
    );
    expect(db.remedy).toBe(`Run: GRANT CREATE ON DATABASE "ferry_it_pf_clean" TO "${NO_CREATE_ROLE}";`);
    const schema = checks.get("target-create-schema")!;
    expect(schema.verdict).toBe("fail");
    expect(schema.evidence).toContain("no CREATE (or USAGE) privilege on schema(s) public");
    expect(schema.remedy).toContain(`GRANT USAGE, CREATE ON SCHEMA "public" TO "${NO_CREATE_ROLE}";`);
    expect(checks.get("target-connect-privilege")!.verdict).toBe("pass");
    expect(checks.get("target-insert")!.verdict).toBe("pass");
  });

  it("fails on a SQLite column name over 63 bytes, and warns that a planned window cannot be checked without a rate", async () => {
    const sourceId = await createConnection(dba, {
      name: "PF long names",
      engine: "sqlite",
      uploadId: await sqliteUpload(
        "long.sqlite",
        `CREATE TABLE orders (id INTEGER PRIMARY KEY, ${LONG_COLUMN} TEXT); INSERT INTO orders VALUES (1, 'a');`,
      ),
    });
    const targetId = await pgConnection("PF clean 4", `${clean.url}?sslmode=disable`);
    const checks = await preflight(
      await createMigration(dba, {
        name: "pf long",
        sourceId,
        targetId,
        options: { plannedWindowMinutes: 30 },
      }),
    );
    const long = checks.get("identifiers-length")!;
    expect(long.verdict).toBe("fail");
    expect(long.evidence).toContain(`column orders.${LONG_COLUMN} (70 bytes)`);
    expect(long.evidence).toContain("longer than 63 bytes");
    expect(long.remedy).toContain("Rename them in the source to 63 bytes or fewer");
    expect(checks.get("plan")!.verdict).toBe("fail");
    // The estimate comes from this installation's earlier runs: none when this file runs alone.
    const window = checks.get("duration-window")!;
    if (window.verdict === "warn")
      expect(window.evidence).toContain("A 30-minute window is planned, but there is no estimate");
    else
      expect(window).toMatchObject({
        verdict: "pass",
        evidence: expect.stringMatching(/within the 30-minute window \(\d+ rows at [\d,]+ rows\/s/),
      });
  });

  it("warns about sslmode=disable to a host that is not on this machine", async () => {
    const sourceId = await pgConnection("PF source 5", `${source.url}?sslmode=disable`);
    const targetId = await pgConnection(
      "PF remote",
      "postgres://postgres@pg.ferry.invalid:5432/app?sslmode=disable",
    );
    const checks = await preflight(await createMigration(dba, { name: "pf tls", sourceId, targetId }));
    const tls = checks.get("target-tls")!;
    expect(tls.verdict).toBe("warn");
    expect(tls.evidence).toContain("pg.ferry.invalid is not on this machine and uses sslmode=disable");
    expect(tls.remedy).toContain("sslmode=require");
    const reach = checks.get("target-connect")!;
    expect(reach.verdict).toBe("fail");
    expect(reach.evidence).toContain('The host name "pg.ferry.invalid" does not resolve');
    expect(checks.get("source-tls")!.verdict).toBe("pass");
  });

  it("passes a clean SQLite migration into an empty target", async () => {
    const sourceId = await createConnection(dba, {
      name: "PF clean source",
      engine: "sqlite",
      uploadId: await sqliteUpload(
        "clean.sqlite",
        `CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
         CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id), title VARCHAR(200));
         INSERT INTO authors VALUES (1, 'Ursula'); INSERT INTO books VALUES (1, 1, 'The Dispossessed');`,
      ),
    });
    const targetId = await pgConnection("PF clean 6", `${clean.url}?sslmode=disable`);
    const checks = await preflight(await createMigration(dba, { name: "pf clean", sourceId, targetId }));
    const notPass = [...checks.values()].filter((c) => c.verdict !== "pass");
    expect(notPass).toEqual([]);
    expect(checks.get("target-collisions")!.evidence).toBe(
      "None of the 2 target table(s) exists in the target yet.",
    );
    expect(checks.get("disk-space")!.evidence).toMatch(/free on the target's data volume ≥ 2 × /);
    expect(checks.size).toBeGreaterThanOrEqual(20);
  });
});
