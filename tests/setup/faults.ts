import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { expect } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { INTEGRATION_ENV } from "../../vitest.config";
import { call } from "./api";
import { withClient } from "./databases";

/** Polls `probe` until it returns a value; fault tests wait on observable states, never on sleeps. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A query against Ferry's own database. */
export const ferryQuery = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  withClient(INTEGRATION_ENV.DATABASE_URL, async (c) => (await c.query<R>(text, values)).rows);

export type ChunkRecord = {
  table: string;
  seq: number;
  status: string;
  copies: number;
  attempt: number | null;
};

/** Ferry's record of a run's chunks. */
export const runChunks = (runId: string) =>
  ferryQuery<ChunkRecord>(
    `SELECT table_name AS table, seq, status, copies, done_in_attempt AS attempt
       FROM run_chunks WHERE run_id = $1 ORDER BY table_name, seq`,
    [runId],
  );

/** Ferry's record of a run's tables. */
export const runTables = (runId: string) =>
  ferryQuery<{ name: string; status: string; rows_done: number }>(
    `SELECT name, status, rows_done::int FROM run_tables WHERE run_id = $1 ORDER BY position`,
    [runId],
  );

/** The run's phase as Ferry's database has it (what a dashboard shows). */
export const runPhase = async (runId: string) =>
  (await ferryQuery<{ phase: string }>(`SELECT phase FROM runs WHERE id = $1`, [runId]))[0]?.phase;

/** The signed report, asserted ok. */
export async function verifiedReport(cookie: string, runId: string): Promise<ReportV1> {
  const res = await call(reportRoute, { cookie, params: { runId } });
  expect(res.status).toBe(200);
  const report = ReportV1.parse(await res.json());
  expect(report.ok, JSON.stringify(report.tables)).toBe(true);
  expect(report.tables.every((t) => t.match && t.sourceRows === t.targetRows)).toBe(true);
  return report;
}

/** Rows of a target table and how many of them share a key with another: no row lost, none doubled. */
export const keyCounts = (url: string, table: string, key = "id") =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT ${key})::int AS distinct FROM ${table}`,
    );
    return rows[0]!;
  });

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode) return;
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
}
