import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import type { RunSnapshot } from "@/contracts/runs";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, migrateAndWait, uploadFile } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const CHINOOK = "fixtures/chinook/Chinook_Sqlite.sqlite";
const CHINOOK_COUNTS: Record<string, number> = {
  Album: 347,
  Artist: 275,
  Customer: 59,
  Employee: 8,
  Genre: 25,
  Invoice: 412,
  InvoiceLine: 2240,
  MediaType: 5,
  Playlist: 18,
  PlaylistTrack: 8715,
  Track: 3503,
};

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let sourceId: string;
let targetId: string;

const runMigration = (body: Record<string, unknown>): Promise<RunSnapshot> =>
  migrateAndWait(cookie, { sourceId, targetId, ...body }, { output: worker.output });

beforeAll(async () => {
  cookie = await signIn("dba");
  target = await freshDatabase("ferry_it_target");
  worker = await startWorker();
  sourceId = await createConnection(cookie, {
    name: "Chinook",
    engine: "sqlite",
    uploadId: (await uploadFile(cookie, CHINOOK)).id,
  });
  targetId = await createConnection(cookie, {
    name: "Target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
});

afterAll(async () => {
  await worker?.stop();
  await target?.drop();
});

describe("SQLite → PostgreSQL", () => {
  it("introspects the source's tables with exact row counts", async () => {
    const res = await call(tablesRoute, { cookie, params: { connectionId: sourceId } });
    const tables = (await res.json()) as { name: string; rowCount: number }[];
    expect(Object.fromEntries(tables.map((t) => [t.name, t.rowCount]))).toEqual(CHINOOK_COUNTS);
  });

  it("tests the target and reports its version and user", async () => {
    const res = await call(testConnectionRoute, {
      method: "POST",
      cookie,
      params: { connectionId: targetId },
    });
    const result = (await res.json()) as {
      ok: boolean;
      serverVersion: string;
      currentUser: string;
      problems: string[];
    };
    expect(result).toMatchObject({ ok: true, currentUser: "postgres", problems: [] });
    expect(result.serverVersion).toMatch(/^PostgreSQL 1\d/);
  });

  it("migrates Chinook with every count and checksum matching, keys, FKs and sequences in place", async () => {
    const run = await runMigration({ name: "Chinook", options: { ifTargetExists: "fail" } });
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.verified).toBe(true);
    expect(run.tables.every((t) => t.status === "verified" && t.rowsDone === t.rowsTotal)).toBe(true);

    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: run.id } })).json(),
    );
    expect(report.ok).toBe(true);
    expect(Object.fromEntries(report.tables.map((t) => [t.name, t.targetRows]))).toEqual(CHINOOK_COUNTS);
    for (const t of report.tables) expect(t.sourceChecksum).toBe(t.targetChecksum);
    expect(report.source.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

    await withClient(target.url, async (c) => {
      const fks = await c.query(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND convalidated AND connamespace = 'public'::regnamespace",
      );
      expect(fks.rowCount).toBe(11);
      // Planner statistics for every table, from the ANALYZE that runs beside verification.
      const unanalyzed = await c.query(
        "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' AND last_analyze IS NULL",
      );
      expect(unanalyzed.rows).toEqual([]);
      const pks = await c.query(
        "SELECT conname FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace",
      );
      expect(pks.rowCount).toBe(11);
      const types = await c.query(
        `SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns
          WHERE table_name = 'Track' ORDER BY ordinal_position`,
      );
      expect(types.rows.find((r) => r.column_name === "UnitPrice")).toMatchObject({
        data_type: "numeric",
        numeric_precision: 10,
        numeric_scale: 2,
      });
      expect(types.rows.find((r) => r.column_name === "Name")).toMatchObject({
        data_type: "character varying",
        character_maximum_length: 200,
      });
      const invoiceDate = await c.query(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'Invoice' AND column_name = 'InvoiceDate'`,
      );
      expect(invoiceDate.rows[0].data_type).toBe("timestamp without time zone");
      // The identity continues past the copied keys: a new artist gets max + 1.
      const inserted = await c.query(
        `INSERT INTO "Artist" ("Name") VALUES ('New Artist') RETURNING "ArtistId"`,
      );
      expect(inserted.rows[0].ArtistId).toBe("276");
      const korean = await c.query(
        `SELECT count(*)::int AS n FROM "Track" WHERE "Composer" LIKE '%ü%' OR "Name" LIKE '%é%'`,
      );
      expect(korean.rows[0].n).toBeGreaterThan(0);
    });
  });

  it("fails before writing anything when a target table exists and the option is 'fail'", async () => {
    const other = await freshDatabase("ferry_it_target_exists");
    try {
      await withClient(other.url, (c) =>
        c.query(`CREATE TABLE "Artist" (id int); INSERT INTO "Artist" VALUES (1)`),
      );
      const saved = targetId;
      targetId = await createConnection(cookie, {
        name: "Occupied",
        engine: "postgres",
        url: `${other.url}?sslmode=disable`,
      });
      const run = await runMigration({ name: "Chinook into occupied", options: { ifTargetExists: "fail" } });
      targetId = saved;
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/already has a table "public"\."Artist".*Nothing was written/);
      await withClient(other.url, async (c) => {
        const tables = await c.query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual(["Artist"]);
        const kept = await c.query(`SELECT * FROM "Artist"`);
        expect(kept.rows).toEqual([{ id: 1 }]);
      });
    } finally {
      await other.drop();
    }
  });

  it("drops and recreates existing tables when asked, and verifies again", async () => {
    const run = await runMigration({
      name: "Chinook again",
      tables: ["Artist", "Album"],
      options: { ifTargetExists: "recreate" },
    });
    expect(run.status).toBe("succeeded");
    expect(run.tables.map((t) => t.name).sort()).toEqual(["Album", "Artist"]);
    expect(run.log.some((l) => /Dropped and recreated/.test(l.message))).toBe(true);
    expect(run.log.some((l) => /Foreign key .*"Album".* not part of this migration/.test(l.message))).toBe(
      false,
    );
  });

  it("carries column defaults: a row inserted on the target without those columns gets them", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ferry-defaults-"));
    try {
      const file = path.join(dir, "defaults.sqlite");
      const db = new Database(file);
      db.exec(`CREATE TABLE settings (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        level INTEGER NOT NULL DEFAULT 3,
        ratio REAL DEFAULT (-0.5),
        label VARCHAR(20) DEFAULT 'it''s; DROP TABLE x',
        enabled BOOLEAN DEFAULT TRUE,
        created TEXT DEFAULT CURRENT_TIMESTAMP,
        seed INTEGER DEFAULT (abs(random()) % 10)
      );
      INSERT INTO settings (name) VALUES ('first');`);
      db.close();
      const defaultsId = await createConnection(cookie, {
        name: "Defaults",
        engine: "sqlite",
        uploadId: (await uploadFile(cookie, new Uint8Array(await readFile(file)), "defaults.sqlite")).id,
      });
      const run = await migrateAndWait(
        cookie,
        { name: "defaults", sourceId: defaultsId, targetId, options: { targetSchema: "with_defaults" } },
        { output: worker.output },
      );
      expect(run.error, worker.output().slice(-3000)).toBeNull();
      expect(run.status).toBe("succeeded");
      await withClient(target.url, async (c) => {
        const { rows } = await c.query(
          `INSERT INTO with_defaults.settings (name) VALUES ('second')
           RETURNING id, level, ratio, label, enabled, created ~ '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' AS utc_text, seed`,
        );
        expect(rows[0]).toEqual({
          id: "2", // SQLite INTEGER is bigint, which pg returns as text
          level: "3",
          ratio: -0.5,
          label: "it's; DROP TABLE x",
          enabled: true,
          utc_text: true,
          seed: null,
        });
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
