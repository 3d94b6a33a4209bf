import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSnapshot } from "@/contracts/runs";
import { signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, migrateAndWait, uploadFile } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// A migration may leave ANALYZE to autovacuum, as pg_dump | psql and pg_restore do: the run then issues no
// ANALYZE of its own, says so, and still copies, keys and verifies everything. By default it analyzes.
const SOURCE_SQL = `
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 500) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, total numeric(10,2));
INSERT INTO orders SELECT g, 1 + g % 500, g / 100.0 FROM generate_series(1, 20000) g;
CREATE INDEX orders_customer ON orders (customer_id);
`;

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];

/** Whether each table had an ANALYZE of its own (autovacuum's are counted apart), after a run with these options. */
async function runInto(
  name: string,
  sourceId: string,
  options: Record<string, unknown>,
): Promise<{ run: RunSnapshot; analyzed: Record<string, boolean> }> {
  const target = await freshDatabase(name);
  targets.push(target);
  const targetId = await createConnection(cookie, {
    name: `${name} target`,
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  const run = await migrateAndWait(
    cookie,
    { name, sourceId, targetId, options },
    { timeoutMs: 120_000, output: worker.output },
  );
  const analyzed = await withClient(target.url, async (c) =>
    Object.fromEntries(
      (
        await c.query<{ relname: string; analyzed: boolean }>(
          "SELECT relname, last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables ORDER BY relname",
        )
      ).rows.map((r) => [r.relname, r.analyzed]),
    ),
  );
  return { run, analyzed };
}

const messages = (run: RunSnapshot) => run.log.map((l) => l.message).join("\n");

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_analyze_source");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await source?.drop();
  for (const t of targets) await t.drop();
});

describe("ANALYZE in the run, or left to autovacuum", () => {
  it("PostgreSQL source: analyzes every table by default; left to autovacuum, issues none and says so", async () => {
    const sourceId = await createConnection(cookie, {
      name: "analyze source",
      engine: "postgres",
      url: `${source.url}?sslmode=disable`,
    });
    const byDefault = await runInto("ferry_it_analyze_default", sourceId, {});
    expect(byDefault.run.status, byDefault.run.error ?? "").toBe("succeeded");
    expect(byDefault.analyzed).toEqual({ customers: true, orders: true });

    const left = await runInto("ferry_it_analyze_left", sourceId, { analyzeInRun: false });
    expect(left.run.status, left.run.error ?? "").toBe("succeeded");
    expect(left.run.verified).toBe(true); // every row, key and FK is still there and checked
    expect(left.analyzed).toEqual({ customers: false, orders: false });
    // What the DBA is told depends on the target: with autovacuum off (as on this CI's server), to run ANALYZE.
    const line = left.run.log.find((l) => /left to autovacuum, as this migration asks/.test(l.message));
    const autovacuum = await withClient(
      source.url,
      async (c) => (await c.query("SHOW autovacuum")).rows[0]!.autovacuum,
    );
    expect(line, messages(left.run)).toMatchObject(
      autovacuum === "on"
        ? { level: "info", message: expect.stringMatching(/^ANALYZE is left to autovacuum/) }
        : { level: "warn", message: expect.stringMatching(/autovacuum is off on the target: run ANALYZE/) },
    );
    expect(messages(left.run)).not.toMatch(/analyzed \d+ table\(s\) as soon as/);
  }, 300_000);

  it("SQLite source: left to autovacuum, no table is analyzed by the run", async () => {
    const sourceId = await createConnection(cookie, {
      name: "Chinook for analyze",
      engine: "sqlite",
      uploadId: (await uploadFile(cookie, "fixtures/chinook/Chinook_Sqlite.sqlite")).id,
    });
    const left = await runInto("ferry_it_analyze_sqlite", sourceId, { analyzeInRun: false });
    expect(left.run.status, left.run.error ?? "").toBe("succeeded");
    expect(Object.keys(left.analyzed)).toHaveLength(11);
    expect(Object.values(left.analyzed).every((a) => !a)).toBe(true);
    expect(messages(left.run)).toMatch(/ANALYZE (is|was) left to autovacuum, as this migration asks/);
  }, 300_000);
});
