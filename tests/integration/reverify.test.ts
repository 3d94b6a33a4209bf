import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1, type ReportTableV1 } from "@/contracts/reports";
import { RunEvent } from "@/contracts/runs";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { POST as verifyRoute } from "@/app/api/runs/[runId]/verify/route";
import { db } from "@/server/db/client";
import { auditEvents } from "@/server/db/schema";
import { runEventsKey } from "@/server/events/run-events";
import { sharedRedis } from "@/server/queue/redis";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, migrateAndWait, uploadFile, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

/** A shop with a composite key, a foreign key, a table without a key and enough rows for several segments. */
function shopFile(dir: string): string {
  const file = path.join(dir, "shop.sqlite");
  const s = new Database(file);
  s.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(10,2), active BOOLEAN, note TEXT);
    CREATE TABLE pairs (a INTEGER NOT NULL, b TEXT NOT NULL, v TEXT, PRIMARY KEY (a, b));
    CREATE TABLE parents (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
    CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents(id));
    CREATE TABLE events (at TEXT, kind TEXT, amount INTEGER);`);
  const tx = s.transaction(() => {
    const item = s.prepare("INSERT INTO items VALUES (?, ?, ?, ?, ?)");
    for (let i = 1; i <= 5000; i++) item.run(i, `item ${i} 👋`, `${i}.50`, i % 2, i % 7 ? null : "seventh");
    const pair = s.prepare("INSERT INTO pairs VALUES (?, ?, ?)");
    for (let a = 1; a <= 60; a++) for (let b = 0; b < 50; b++) pair.run(a, `k${b}`, `v${a}-${b}`);
    for (let p = 1; p <= 10; p++) s.prepare("INSERT INTO parents VALUES (?, ?)").run(p, `parent ${p}`);
    for (let c = 1; c <= 50; c++) s.prepare("INSERT INTO children VALUES (?, ?)").run(c, (c % 10) + 1);
    const ev = s.prepare("INSERT INTO events VALUES (?, ?, ?)");
    for (let e = 0; e < 3000; e++)
      ev.run(`2024-01-01 00:${String(e % 60).padStart(2, "0")}:00`, `k${e % 5}`, e);
  });
  tx();
  s.close();
  return file;
}

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let dir: string;
let runId: string;
let report: ReportV1;

const table = (name: string): ReportTableV1 => report.tables.find((t) => t.name === name)!;
const check = (prefix: string) => report.checks.find((c) => c.name.startsWith(prefix));

beforeAll(async () => {
  cookie = await signIn("dba");
  dir = await mkdtemp(path.join(tmpdir(), "ferry-reverify-"));
  target = await freshDatabase("ferry_it_reverify_target");
  worker = await startWorker();
  const sourceId = await createConnection(cookie, {
    name: "Shop",
    engine: "sqlite",
    uploadId: (await uploadFile(cookie, shopFile(dir))).id,
  });
  const targetId = await createConnection(cookie, {
    name: "Shop target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  const run = await migrateAndWait(
    cookie,
    { sourceId, targetId, name: "Shop", options: { ifTargetExists: "fail" } },
    { output: worker.output },
  );
  expect(run.status, run.error ?? "").toBe("succeeded");
  runId = run.id;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await target?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("verify again after the target changed", () => {
  it("first verifies the untouched migration by key-range segments and bucket hashes, all checks passing", async () => {
    report = ReportV1.parse(await (await call(reportRoute, { cookie, params: { runId } })).json());
    expect(report.ok).toBe(true);
    expect(table("items").segments).toMatchObject({ kind: "key-range", count: 5, mismatched: 0 });
    expect(table("pairs").segments).toMatchObject({ kind: "key-range", count: 3, mismatched: 0 });
    expect(table("events").segments).toMatchObject({ kind: "bucket", mismatched: 0 });
    expect(table("items").differenceCount).toEqual({ missing: 0, extra: 0, changed: 0 });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check("foreign key orphans: children(parent_id)")?.ok).toBe(true);
    expect(report.manifest.verification).toBe("run");
    expect(report.manifest.timings.map((t) => t.phase)).toContain("verify");
  });

  it("re-verifies on request and names the changed, missing and orphaned rows", async () => {
    await withClient(target.url, async (c) => {
      await c.query(`UPDATE items SET name = 'tampered' WHERE id = 4321`);
      await c.query(`DELETE FROM items WHERE id = 1234`);
      await c.query(`UPDATE pairs SET v = 'changed' WHERE a = 7 AND b = 'k7'`);
      await c.query(`UPDATE parents SET label = '' WHERE id = 3`);
      const fk = await c.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = 'children'::regclass`,
      );
      await c.query(`ALTER TABLE children DROP CONSTRAINT ${fk.rows[0]!.conname}`);
      await c.query(`INSERT INTO children VALUES (9999, 777)`);
      await c.query(
        `UPDATE events SET amount = 1000000 WHERE ctid = (SELECT ctid FROM events WHERE amount = 42)`,
      );
      await c.query(`SELECT setval(pg_get_serial_sequence('items', 'id'), 10)`);
    });
    const res = await call(verifyRoute, { method: "POST", cookie, params: { runId } });
    expect(res.status, await res.clone().text()).toBe(202);
    const run = await waitForRun(cookie, runId, { timeoutMs: 90_000, output: worker.output });
    expect(run.status).toBe("failed");
    expect(run.verified).toBe(false);
    report = ReportV1.parse(await (await call(reportRoute, { cookie, params: { runId } })).json());
    expect(report.ok).toBe(false);
    expect(report.manifest.verification).toBe("re-verify");

    // (a) a changed value: key, column and both values
    const items = table("items");
    expect(items.match).toBe(false);
    expect(items.differenceCount).toEqual({ missing: 1, extra: 0, changed: 1 });
    expect(items.differences).toContainEqual({
      kind: "changed",
      key: "4321",
      column: "name",
      source: "item 4321 👋",
      target: "tampered",
    });
    // (b) a deleted row: named as missing on the target
    expect(items.differences).toContainEqual(
      expect.objectContaining({ kind: "missing", key: "1234", column: null, target: null }),
    );
    expect(items.segments.mismatched).toBe(2);
    // a composite key narrowed the same way
    expect(table("pairs").differences).toEqual([
      { kind: "changed", key: "7, k7", column: "v", source: "v7-7", target: "changed" },
    ]);
    // (c) the orphan of a dropped foreign key, with its key
    const orphans = check("foreign key orphans: children(parent_id)");
    expect(orphans?.ok).toBe(false);
    expect(orphans?.detail).toMatch(/1 row\(s\) of children point at no parents row; e\.g\. id = 9999/);
    // (d) no key: the differing buckets' rows present on one side only
    const events = table("events");
    expect(events.differenceCount).toEqual({ missing: 1, extra: 1, changed: 0 });
    expect(events.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "missing",
          key: expect.stringMatching(/^bucket \d+$/),
          source: expect.stringContaining("'42'"),
        }),
        expect.objectContaining({ kind: "extra", target: expect.stringContaining("'1000000'") }),
      ]),
    );
    // integrity checks
    expect(check("required columns")).toMatchObject({
      ok: false,
      detail: expect.stringContaining("parents.label: 0 NULL and 1 empty"),
    });
    expect(check("sequences: next value")).toMatchObject({
      ok: false,
      detail: expect.stringContaining("already holds up to 5000"),
    });

    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "run.reverify"), eq(auditEvents.objectId, runId)));
    expect(audit).toHaveLength(1);
  }, 120_000);

  it("reported verification progress as a run step with rows, rate and ETA", async () => {
    const entries = await sharedRedis().xrange(runEventsKey(runId), "-", "+");
    const steps = entries
      .map(([, fields]) => RunEvent.parse(JSON.parse(fields[1]!)))
      .flatMap((e) => (e.type === "run.step" && e.step?.label.startsWith("Verifying") ? [e.step] : []));
    expect(steps.length).toBeGreaterThan(0);
    const last = steps.at(-1)!;
    expect(last.total).toBeGreaterThanOrEqual(11_000);
    expect(last.done).toBe(last.total);
    expect(steps.some((s) => /rows\/s/.test(s.detail ?? ""))).toBe(true);
  });

  it("renders the differences in the CSV and the PDF", async () => {
    const csv = await (
      await call(reportRoute, { cookie, path: `/api/runs/${runId}/report?format=csv`, params: { runId } })
    ).text();
    expect(csv).toMatch(/^difference,items,,+changed,4321,name,item 4321 👋,tampered\r$/m);
    const pdf = new Uint8Array(
      await (
        await call(reportRoute, { cookie, path: `/api/runs/${runId}/report?format=pdf`, params: { runId } })
      ).arrayBuffer(),
    );
    const pdftotext = spawnSync("sh", ["-c", "command -v pdftotext"]).status === 0;
    if (!pdftotext) return console.warn("pdftotext is not installed: the PDF's text is not checked");
    const file = path.join(dir, "report.pdf");
    await writeFile(file, pdf);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain("Differences");
    expect(text).toMatch(/items\s+4321\s+changed\s+name\s+item 4321/);
    expect(text).toContain("tampered");
    expect(text).toMatch(/items\s+1234\s+missing/);
    expect(text).toContain("foreign key orphans");
  });
});
