import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { connectPg } from "@/server/connectors/postgres/connect";
import { parsePostgresUrl } from "@/server/connectors/postgres/pg-config";
import { IdleSessions } from "@/server/runs/chunks/idle-sessions";
import { withClient } from "../setup/databases";

const SETTINGS = parsePostgresUrl("postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable");

const sessions = new IdleSessions();
afterAll(() => sessions.closeAll());

const backendAlive = (pid: number) =>
  withClient(
    "postgres://postgres@127.0.0.1:5432/postgres",
    async (c) => (await c.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount === 1,
  );
const pidOf = async (c: pg.Client) =>
  (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;

describe("IdleSessions", () => {
  it("hands a kept session to the next taker of the same key only", async () => {
    const c = await connectPg(SETTINGS, "ferry-it-idle");
    sessions.give("run-1 source", c);
    expect(sessions.take("run-2 source")).toBeNull();
    const again = sessions.take("run-1 source");
    expect(again).toBe(c);
    expect(sessions.take("run-1 source")).toBeNull();
    expect((await again!.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    await again!.end();
  });

  it("drops a session whose backend was terminated while it idled", async () => {
    const c = await connectPg(SETTINGS, "ferry-it-idle");
    const pid = await pidOf(c);
    sessions.give("run-3 target", c);
    await withClient("postgres://postgres@127.0.0.1:5432/postgres", (a) =>
      a.query("SELECT pg_terminate_backend($1)", [pid]),
    );
    for (let i = 0; i < 50 && sessions.size > 0; i++) await sleep(20);
    expect(sessions.take("run-3 target")).toBeNull();
  });

  it("closes a session nobody takes within two seconds", async () => {
    const c = await connectPg(SETTINGS, "ferry-it-idle");
    const pid = await pidOf(c);
    sessions.give("run-4 target", c);
    expect(await backendAlive(pid)).toBe(true);
    await sleep(2_500);
    expect(sessions.size).toBe(0);
    expect(await backendAlive(pid)).toBe(false);
  });
});
