import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import type { RunSnapshot } from "@/contracts/runs";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { POST as dryRunRoute } from "@/app/api/migrations/[migrationId]/dry-run/route";
import { DryRunResult } from "@/contracts/migrations";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, startRun, uploadFile, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const TABLE = 'Order "Items" ✓';
const LONG = "x".repeat(60);

/** SQLite's loose typing at its worst: affinity abuse, NULs, invalid UTF-8, odd names. */
function hostileFile(dir: string, withLongNames: boolean): string {
  const file = path.join(
    mkdtempSync(path.join(dir, "f-")),
    withLongNames ? "long-names.sqlite" : "hostile.sqlite",
  );
  const db = new Database(file);
  db.exec(`
    CREATE TABLE "${TABLE.replaceAll('"', '""')}" (
      id INTEGER PRIMARY KEY, price REAL, note TEXT, qty INTEGER, "select" TEXT, "ünïcode col" TEXT);
    INSERT INTO "${TABLE.replaceAll('"', '""')}" VALUES
      (1, 1.5, 'fine', 2, 'a', 'é'),
      (2, '2.32d0', 'fine', 3, 'b', NULL),
      (3, 2.0, 'has' || char(0) || 'nul', 1, 'c', NULL),
      (4, 3.0, CAST(x'c328' AS TEXT), 1, 'd', NULL),
      (5, 4.0, 'fine', 'abc', 'e', NULL),
      (6, 5.0, 'grüße 👋', 7, 'f', '한국어');
    CREATE TABLE plain (k INTEGER PRIMARY KEY, v TEXT);
    INSERT INTO plain VALUES (1, 'one'), (2, 'two');`);
  if (withLongNames)
    db.exec(`CREATE TABLE "${LONG}_first_part" (a INTEGER); CREATE TABLE "${LONG}_other_part" (a INTEGER);`);
  db.close();
  return file;
}

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];
let dir: string;

/** Uploads the file, creates it and a fresh target as connections, and a migration between them. */
async function hostileMigration(file: string, targetDb: string): Promise<string> {
  const uploadId = (await uploadFile(cookie, file)).id;
  const target = await freshDatabase(targetDb);
  targets.push(target);
  const sourceId = await createConnection(cookie, {
    name: `hostile ${targetDb}`,
    engine: "sqlite",
    uploadId,
  });
  const targetId = await createConnection(cookie, {
    name: targetDb,
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  return createMigration(cookie, { name: targetDb, sourceId, targetId });
}

async function migrate(file: string, targetDb: string): Promise<RunSnapshot> {
  const runId = await startRun(cookie, await hostileMigration(file, targetDb));
  return waitForRun(cookie, runId, { output: worker.output });
}

beforeAll(async () => {
  cookie = await signIn("dba");
  dir = mkdtempSync(path.join(tmpdir(), "ferry-hostile-"));
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  for (const t of targets) await t.drop();
});

describe("SQLite's loose typing", () => {
  it("a dry run predicts the rejects, the types and what would stop the run, and writes nothing", async () => {
    const migrationId = await hostileMigration(hostileFile(dir, false), "ferry_it_hostile_dry");
    const res = await call(dryRunRoute, { method: "POST", cookie, params: { migrationId } });
    expect(res.status, await res.clone().text()).toBe(200);
    const dry = DryRunResult.parse(await res.json());
    expect(dry.blockers).toEqual([]);
    expect(dry.totals).toMatchObject({ rows: 8, predictedRejects: 4 });
    const t = dry.tables.find((x) => x.name === TABLE)!;
    expect(t.columns.find((c) => c.name === "price")).toMatchObject({
      declaredType: "REAL",
      pgType: "double precision",
    });
    expect(t.rejectExamples[0]).toMatch(/column "price": not a number \("2\.32d0"\)/);
    expect(t.bytes).toBeGreaterThan(0);
    await withClient(targets.at(-1)!.url, async (c) => {
      const n = await c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(n.rows[0].n).toBe(0);
    });
  });

  it("rejects exactly the rows that cannot land, with reasons, migrates the rest unaltered, and says so", async () => {
    const snap = await migrate(hostileFile(dir, false), "ferry_it_hostile_target");
    const log = snap.log.map((l) => l.message).join("\n");
    expect(log).toMatch(/Table "Order "Items" ✓": 4 row\(s\) rejected and not migrated/);
    // Rejects make the verdict honest: not "verified", with the reason in words.
    expect(snap.status).toBe("failed");
    expect(snap.error).toMatch(/1 check\(s\) fail: rejected rows/);

    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: snap.id } })).json(),
    );
    const table = report.tables.find((t) => t.name === TABLE)!;
    expect(table).toMatchObject({ sourceRows: 2, targetRows: 2, rejectedRows: 4, match: true });
    expect(report.tables.find((t) => t.name === "plain")).toMatchObject({ targetRows: 2, match: true });
    const byKey = Object.fromEntries(report.rejects.map((r) => [r.key, r]));
    expect(byKey["2"]).toMatchObject({ column: "price", value: '"2.32d0"', reason: "not a number" });
    expect(byKey["3"]).toMatchObject({ column: "note", reason: expect.stringMatching(/NUL byte/) });
    expect(byKey["4"]).toMatchObject({
      column: "note",
      value: "0xc328",
      reason: expect.stringMatching(/not valid UTF-8/),
    });
    expect(byKey["5"]).toMatchObject({ column: "qty", value: '"abc"', reason: "not a whole number" });
    expect(report.checks.find((c) => c.name === "rejected rows")).toMatchObject({ ok: false });

    await withClient(targets[1]!.url, async (c) => {
      const rows = await c.query(
        `SELECT id, price, note, "select", "ünïcode col" FROM "Order ""Items"" ✓" ORDER BY id`,
      );
      expect(rows.rows).toEqual([
        { id: "1", price: 1.5, note: "fine", select: "a", "ünïcode col": "é" },
        { id: "6", price: 5, note: "grüße 👋", select: "f", "ünïcode col": "한국어" },
      ]);
    });
  });

  it("refuses names PostgreSQL would truncate (and so collide) before writing, and says what to do", async () => {
    const snap = await migrate(hostileFile(dir, true), "ferry_it_hostile_long");
    expect(snap.status).toBe("failed");
    expect(snap.error).toMatch(
      /is 71 bytes; PostgreSQL names are limited to 63 bytes\. Rename it in the source/,
    );
    await withClient(targets[2]!.url, async (c) => {
      const n = await c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(n.rows[0].n).toBe(0);
    });
  });
});
