import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePostgresUrl } from "@/server/connectors/postgres/pg-config";
import { openPostgresSource, type PostgresSource } from "@/server/connectors/postgres/postgres-source";
import { freshDatabase, withClient } from "../setup/databases";

// A PostgreSQL source keeps its read sessions between reads (a new backend per check cost more than the
// checks). These hold it to what that must not change: every read sees the run's snapshot, a session lost
// while kept is replaced, and closing the source leaves no session behind.
const db = await freshDatabase("ferry_it_source_sessions");
const backendPid = (s: PostgresSource) =>
  s.withSession(async (c) => Number((await c.query("SELECT pg_backend_pid() AS p")).rows[0].p));
const rowsSeen = (s: PostgresSource) =>
  s.withSession(async (c) => Number((await c.query("SELECT count(*) AS n FROM items")).rows[0].n));
const readSessions = () =>
  withClient(db.url, async (c) =>
    Number(
      (
        await c.query(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ferry-read'",
        )
      ).rows[0].n,
    ),
  );

let source: PostgresSource;

beforeAll(async () => {
  await withClient(db.url, (c) =>
    c.query("CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1)"),
  );
  source = await openPostgresSource(parsePostgresUrl(db.url), { consistent: true });
});

afterAll(async () => {
  await source?.close();
  await db.drop();
});

describe("PostgreSQL source sessions", () => {
  it("reuses a read session, and every read still sees the run's snapshot, not later writes", async () => {
    const first = await backendPid(source);
    await withClient(db.url, (c) => c.query("INSERT INTO items VALUES (2)"));
    expect(await rowsSeen(source)).toBe(1);
    expect(await backendPid(source)).toBe(first);
    expect(await rowsSeen(source)).toBe(1);
  });

  it("replaces a kept session that was terminated while idle, on the same snapshot", async () => {
    const kept = await backendPid(source);
    await withClient(db.url, (c) => c.query("SELECT pg_terminate_backend($1)", [kept]));
    await new Promise((r) => setTimeout(r, 200));
    expect(await rowsSeen(source)).toBe(1);
    expect(await backendPid(source)).not.toBe(kept);
  });

  it("runs reads side by side on sessions of their own, and closes every kept session with the source", async () => {
    const pids = await Promise.all(
      [0, 1, 2].map(() =>
        source.withSession(async (c) => {
          await c.query("SELECT pg_sleep(0.1)");
          return Number((await c.query("SELECT pg_backend_pid() AS p")).rows[0].p);
        }),
      ),
    );
    expect(new Set(pids).size).toBe(3);
    expect(await readSessions()).toBe(3);
    await source.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await readSessions()).toBe(0);
  });
});
