import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/runs/[runId]/cancel/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { ferryQuery, runPhase, until } from "../setup/faults";
import { createConnection, createMigration, startRun, uploadFile, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const CHINOOK = "fixtures/chinook/Chinook_Sqlite.sqlite";
const CHINOOK_ROWS = 15_607;
// Every phase pauses this long at its start (a test-only setting), so the test can see it and cancel in it.
const WORKER_ENV = { FERRY_TEST_PHASE_DELAY_MS: "3000" };

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let sourceId: string;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];

type TargetState = { tables: number; rows: number; foreignKeys: number };

const targetState = (url: string): Promise<TargetState> =>
  withClient(url, async (c) => {
    const tables = (
      await c.query<{ name: string }>(`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
                                        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)
    ).rows;
    let rows = 0;
    for (const t of tables)
      rows += (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0]!.n;
    const fks = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`,
    );
    return { tables: tables.length, rows, foreignKeys: fks.rows[0]!.n };
  });

/** Runs Chinook into a fresh target, cancels once the run is seen in `phase`, and returns the ended run. */
async function cancelIn(phase: string) {
  const target = await freshDatabase(`ferry_it_cancel_${phase.replace("-", "_")}`);
  targets.push(target);
  const targetId = await createConnection(cookie, {
    name: `cancel in ${phase}`,
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  const runId = await startRun(
    cookie,
    await createMigration(cookie, { name: `cancel in ${phase}`, sourceId, targetId }),
  );
  await until(`the run in its ${phase} phase`, async () =>
    (await runPhase(runId)) === phase ? true : undefined,
  );
  const res = await call(cancelRoute, { method: "POST", cookie, params: { runId } });
  expect(res.status).toBe(202);
  const final = await waitForRun(cookie, runId, { output: worker.output });
  expect(final.status, final.error ?? "").toBe("cancelled");
  expect(final.phase).toBe("done");
  const stated = final.log.find((l) => l.message.startsWith("Cancelled on request. Target state:"));
  expect(stated, final.log.map((l) => l.message).join("\n")).toBeDefined();
  const report = await call(reportRoute, { cookie, params: { runId } });
  return {
    runId,
    stated: stated!.message,
    state: await targetState(target.url),
    reportStatus: report.status,
  };
}

beforeAll(async () => {
  cookie = await signIn("dba");
  worker = await startWorker(WORKER_ENV);
  sourceId = await createConnection(cookie, {
    name: "Chinook (cancel)",
    engine: "sqlite",
    uploadId: (await uploadFile(cookie, CHINOOK)).id,
  });
});

afterAll(async () => {
  await worker?.stop();
  for (const t of targets) await t.drop();
});

describe("cancel at each phase: the run ends cancelled and the log states what the target holds", () => {
  it("in the schema phase: nothing is created", async () => {
    const { stated, state, reportStatus } = await cancelIn("schema");
    expect(stated).toMatch(/No rows were copied; the migration's tables are absent or empty in the target/);
    expect(state).toEqual({ tables: 0, rows: 0, foreignKeys: 0 });
    expect(reportStatus).toBe(404);
  });

  it("in the data phase: the tables exist, every one empty, as the log lists", async () => {
    const { stated, state } = await cancelIn("data");
    expect(stated).toMatch(
      /Target state: 0 of 11 table\(s\) complete; empty, their copy rolled back or not started: /,
    );
    expect(state).toEqual({ tables: 11, rows: 0, foreignKeys: 0 });
  });

  it("in the post-data phase: every row is in, foreign keys are not, as the log says", async () => {
    const { stated, state } = await cancelIn("post-data");
    expect(stated).toMatch(
      /Target state: 11 of 11 table\(s\) complete \(.+\)\. Every table's rows are in; keys, indexes, foreign keys/,
    );
    expect(state).toEqual({ tables: 11, rows: CHINOOK_ROWS, foreignKeys: 0 });
  });

  it("in the verify phase: the target is complete, but nothing is verified and no report is signed", async () => {
    const { runId, stated, state, reportStatus } = await cancelIn("verify");
    expect(stated).toMatch(
      /11 of 11 table\(s\) complete .*verification did not finish and no report was signed/,
    );
    expect(state.rows).toBe(CHINOOK_ROWS);
    expect(state.foreignKeys).toBeGreaterThan(0);
    expect(reportStatus).toBe(404);
    const [run] = await ferryQuery<{ verified: boolean | null }>("SELECT verified FROM runs WHERE id = $1", [
      runId,
    ]);
    expect(run!.verified).toBeNull();
  });
});
