import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1, type ReportTableV1 } from "@/contracts/reports";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { POST as verifyRoute } from "@/app/api/runs/[runId]/verify/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, migrateAndWait, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// Both sides PostgreSQL: every segment and bucket is hashed in SQL on each side, and bisection re-hashes both.
const SOURCE_SQL = `
CREATE TABLE accounts (region text, id int, name text NOT NULL, balance numeric(12,2), seen timestamptz,
  PRIMARY KEY (region, id));
INSERT INTO accounts SELECT (ARRAY['EU','us','Ünï'])[1 + g % 3], g, 'acct ' || g, g / 7.0,
  timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, 6000) g;
CREATE TABLE audit_log (at timestamptz, message text);
INSERT INTO audit_log SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour', 'entry ' || g
  FROM generate_series(1, 2000) g;`;

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;

afterAll(async () => {
  await worker?.stop();
  await source?.drop();
  await target?.drop();
});

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_reverify_pg_source");
  target = await freshDatabase("ferry_it_reverify_pg_target");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  worker = await startWorker();
});

describe("PostgreSQL → PostgreSQL, verified again after the target changed", () => {
  it("narrows a composite text key's segment to the changed value and lists a keyless table's changed row", async () => {
    const conn = (name: string, url: string) =>
      createConnection(cookie, { name, engine: "postgres", url: `${url}?sslmode=disable` });
    const run = await migrateAndWait(
      cookie,
      {
        sourceId: await conn("pg reverify source", source.url),
        targetId: await conn("pg reverify target", target.url),
        name: "pg reverify",
      },
      { output: worker.output, timeoutMs: 120_000 },
    );
    expect(run.status, run.error ?? "").toBe("succeeded");
    const table = (r: ReportV1, name: string): ReportTableV1 => r.tables.find((t) => t.name.endsWith(name))!;
    const first = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: run.id } })).json(),
    );
    // Matching whole-table hashes end the comparison there: the table is one segment, not split. One major
    // version and built-in types: the hashes are of both sides' binary COPY.
    expect(table(first, "accounts").segments).toMatchObject({ kind: "key-range", count: 1, mismatched: 0 });
    expect(table(first, "accounts").checksumMethod).toBe("binary-key-ordered");

    await withClient(target.url, async (c) => {
      await c.query(`UPDATE accounts SET balance = 0 WHERE region = 'Ünï' AND id = 4001`);
      await c.query(`INSERT INTO accounts VALUES ('us', 999999, 'intruder', 1, NULL)`);
      await c.query(`UPDATE audit_log SET message = 'rewritten' WHERE message = 'entry 1500'`);
    });
    const res = await call(verifyRoute, { method: "POST", cookie, params: { runId: run.id } });
    expect(res.status, await res.clone().text()).toBe(202);
    const again = await waitForRun(cookie, run.id, { timeoutMs: 120_000, output: worker.output });
    expect(again.status).toBe("failed");
    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: run.id } })).json(),
    );
    const accounts = table(report, "accounts");
    expect(accounts.differenceCount).toEqual({ missing: 0, extra: 1, changed: 1 });
    // The binary hashes differed: the canonical comparison named the rows, and its hashes are the report's.
    expect(accounts.checksumMethod).toBe("key-ordered");
    expect(accounts.sourceChecksum).not.toBe(accounts.targetChecksum);
    // Key order is bytewise ("C"): "us" before "Ünï".
    expect(accounts.differences).toEqual([
      {
        kind: "extra",
        key: "us, 999999",
        column: null,
        source: null,
        target: "us, 999999, intruder, 1, NULL",
      },
      { kind: "changed", key: "Ünï, 4001", column: "balance", source: "571.57", target: "0" },
    ]);
    const log = table(report, "audit_log");
    expect(log.segments.kind).toBe("bucket");
    expect(log.differenceCount).toEqual({ missing: 1, extra: 1, changed: 0 });
    expect(log.differences.map((d) => d.source ?? d.target)).toEqual([
      expect.stringContaining("'entry 1500'"),
      expect.stringContaining("'rewritten'"),
    ]);
  }, 240_000);
});
