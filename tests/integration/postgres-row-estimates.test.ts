import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DryRunResult } from "@/contracts/migrations";
import { POST as dryRunRoute } from "@/app/api/migrations/[migrationId]/dry-run/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { ferryQuery, until } from "../setup/faults";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// A run plans a large table with fresh statistics from PostgreSQL's estimate instead of a full count (a count
// is a whole scan competing with the copy); every other table is counted. What a DBA sees must stay true: the
// plan says "about", and once a table is in, its total is the number of rows copied.
// Autovacuum is off for these tables: an automatic ANALYZE mid-test would make a counted table estimated.
const SOURCE_SQL = `
CREATE TABLE analyzed (id bigint PRIMARY KEY, body text NOT NULL) WITH (autovacuum_enabled = false);
INSERT INTO analyzed SELECT g, md5(g::text) FROM generate_series(1, 120000) g;
CREATE TABLE loaded (id bigint PRIMARY KEY, body text NOT NULL) WITH (autovacuum_enabled = false);
INSERT INTO loaded SELECT g, md5(g::text) FROM generate_series(1, 130000) g;
CREATE TABLE changed (id bigint PRIMARY KEY, body text NOT NULL) WITH (autovacuum_enabled = false);
INSERT INTO changed SELECT g, md5(g::text) FROM generate_series(1, 110000) g;
CREATE TABLE small (id int PRIMARY KEY) WITH (autovacuum_enabled = false);
INSERT INTO small SELECT g FROM generate_series(1, 500) g;
`;
const EXACT = { analyzed: 121_000, loaded: 130_000, changed: 115_000, small: 500 };

let cookie: string;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let migrationId: string;

const tableStats = () =>
  withClient(source.url, async (c) =>
    Object.fromEntries(
      (
        await c.query<{ relname: string; analyzed: boolean; changed: string }>(
          `SELECT relname, last_analyze IS NOT NULL AS analyzed, n_mod_since_analyze::text AS changed
             FROM pg_stat_user_tables`,
        )
      ).rows.map((r) => [r.relname, { analyzed: r.analyzed, changed: Number(r.changed) }]),
    ),
  );

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_estimates_source");
  target = await freshDatabase("ferry_it_estimates_target");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  // Its own transaction: the rows' counters reach the statistics when the INSERTs commit, before ANALYZE.
  await withClient(source.url, (c) => c.query("ANALYZE analyzed; ANALYZE changed; ANALYZE small"));
  // 5,000 rows (4.5 %) written after ANALYZE: that estimate is stale, the table must be counted. 1,000 rows
  // (0.8 %) still leave an estimate fresh, and 1,000 short of the rows the run will copy.
  await withClient(source.url, (c) =>
    c.query(`INSERT INTO changed SELECT g, md5(g::text) FROM generate_series(110001, 115000) g;
             INSERT INTO analyzed SELECT g, md5(g::text) FROM generate_series(120001, 121000) g`),
  );
  await until("the statistics counters to show the ANALYZE and the later writes", async () => {
    const s = await tableStats();
    return s.analyzed?.analyzed &&
      s.analyzed.changed === 1000 &&
      s.changed?.analyzed &&
      s.changed.changed >= 5000
      ? true
      : undefined;
  });
  const sourceId = await createConnection(cookie, {
    name: "estimates source",
    engine: "postgres",
    url: `${source.url}?sslmode=disable`,
  });
  const targetId = await createConnection(cookie, {
    name: "estimates target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  migrationId = await createMigration(cookie, { name: "estimates", sourceId, targetId });
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

describe("PostgreSQL source row counts", () => {
  it("dry run: a large analyzed table is an estimate, marked so; fresh loads, stale statistics and small tables are counted", async () => {
    const res = await call(dryRunRoute, { method: "POST", cookie, params: { migrationId } });
    expect(res.status).toBe(200);
    const dry = DryRunResult.parse(await res.json());
    const byName = Object.fromEntries(dry.tables.map((t) => [t.name, t]));
    expect(byName["public.analyzed"]!.rowsEstimated).toBe(true);
    // ANALYZE samples, so the estimate is close, not exact.
    expect(Math.abs(byName["public.analyzed"]!.rows - EXACT.analyzed)).toBeLessThan(EXACT.analyzed * 0.05);
    for (const name of ["loaded", "changed", "small"] as const) {
      expect(byName[`public.${name}`]!.rowsEstimated, name).toBe(false);
      expect(byName[`public.${name}`]!.rows, name).toBe(EXACT[name]);
    }
    expect(dry.totals.rowsEstimated).toBe(true);
  });

  it("a run says 'about' in its plan, and each table's total becomes the exact rows copied", async () => {
    const worker = await startWorker();
    try {
      const runId = await startRun(cookie, migrationId);
      const final = await waitForRun(cookie, runId, { timeoutMs: 120_000, output: worker.output });
      expect(final.status, final.error ?? worker.output()).toBe("succeeded");
      expect(final.verified).toBe(true);
      const planned = final.log.find((l) => l.message.startsWith("Planned 4 table(s)"))!.message;
      expect(planned).toMatch(/with about [\d,]+ rows .*1 large table\(s\) \(analyzed\)/);
      const totals = await ferryQuery<{ name: string; rows_total: number; rows_done: number }>(
        "SELECT name, rows_total::int, rows_done::int FROM run_tables WHERE run_id = $1",
        [runId],
      );
      expect(Object.fromEntries(totals.map((t) => [t.name, [t.rows_done, t.rows_total]]))).toEqual({
        "public.analyzed": [EXACT.analyzed, EXACT.analyzed],
        "public.loaded": [EXACT.loaded, EXACT.loaded],
        "public.changed": [EXACT.changed, EXACT.changed],
        "public.small": [EXACT.small, EXACT.small],
      });
      const copied = final.log.find((l) => l.message.startsWith("Copied "))!.message;
      const all = Object.values(EXACT).reduce((n, r) => n + r, 0);
      expect(copied).toContain(`Copied ${all.toLocaleString("en")} rows`);
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
