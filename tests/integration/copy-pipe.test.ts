import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeCopy, PipeCancelled } from "@/server/connectors/postgres/copy-pipe";
import { ReadTap } from "@/server/connectors/postgres/read-tap";
import { freshDatabase } from "../setup/databases";

// The raw COPY pipe hands PostgreSQL's own wire bytes from one connection to another. These tests drive it
// against a real server through what can go wrong mid-stream: big rows split over many socket reads,
// notices interleaved with data, an error on either side, and a cancel. Each runs with the source on pg's
// own socket and on a read tap (one reused read buffer, paused while the target holds its bytes).
const db = await freshDatabase("ferry_it_copy_pipe");

async function client(tapped = false): Promise<pg.Client> {
  const c = new pg.Client({
    connectionString: db.url,
    ...(tapped ? { stream: () => new ReadTap().socket } : {}),
  });
  await c.connect();
  return c;
}

/** Times the source socket was paused because the target still held bytes of a read. */
let sourcePauses = 0;

async function pipe(outSql: string, inSql: string, shouldStop = () => false) {
  const [source, target] = await Promise.all([client(tapped), client()]);
  const socket = (source as unknown as { connection: { stream: { pause: () => unknown } } }).connection
    .stream;
  const pause = socket.pause.bind(socket);
  socket.pause = () => (sourcePauses++, pause());
  const progress: number[] = [];
  try {
    await target.query("BEGIN");
    const result = await pipeCopy({
      source,
      outSql,
      target,
      inSql,
      onProgress: (p) => progress.push(p.rowsDone),
      shouldStop,
    });
    await target.query("COMMIT");
    return { result, progress };
  } catch (err) {
    // The target connection must still speak the protocol after an abandoned copy: no half message left.
    await target.query("ROLLBACK");
    expect((await target.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    throw err;
  } finally {
    await Promise.all([source.end().catch(() => undefined), target.end().catch(() => undefined)]);
  }
}

async function truncate(table: string): Promise<void> {
  const c = await client();
  try {
    await c.query(`TRUNCATE ${table}`);
  } finally {
    await c.end();
  }
}

async function count(table: string): Promise<number> {
  const c = await client();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  const c = await client();
  await c.query(`
    CREATE TABLE src (id int PRIMARY KEY, label text, payload bytea, at timestamptz);
    INSERT INTO src SELECT g, 'row ' || g || E'\\ttab\\nnewline ☃', decode(md5(g::text), 'hex'),
      '2025-01-01'::timestamptz + g * interval '1 second' FROM generate_series(1, 50000) g;
    CREATE TABLE big (id int PRIMARY KEY, blob text);
    INSERT INTO big SELECT g, repeat(md5(g::text), 200000) FROM generate_series(1, 3) g;
    CREATE TABLE dst (LIKE src INCLUDING ALL);
    CREATE TABLE dst_big (LIKE big INCLUDING ALL);
    CREATE TABLE dst_strict (id int PRIMARY KEY, label text CHECK (label NOT LIKE 'row 40000%'),
      payload bytea, at timestamptz);
    CREATE FUNCTION noisy(i int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN IF i % 10000 = 0 THEN RAISE NOTICE 'reached %', i; END IF; RETURN i; END $$;
    CREATE FUNCTION boom(i int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN IF i = 30000 THEN RAISE EXCEPTION 'source failed at %', i; END IF; RETURN i; END $$;
    -- A source that sends in small bursts and a target that stops reading for a while at its first row: the
    -- target's socket fills, so small writes are still pending when they return.
    CREATE FUNCTION trickle(i int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN IF i % 8 = 0 THEN PERFORM pg_sleep(0.0002); END IF; RETURN i; END $$;
    CREATE TABLE dst_slow (id int, filler text);
    CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 1 THEN PERFORM pg_sleep(1.5); END IF; RETURN NEW; END $$;
    CREATE TRIGGER stall BEFORE INSERT ON dst_slow FOR EACH ROW EXECUTE FUNCTION stall();`);
  await c.end();
});

afterAll(async () => {
  await db.drop();
});

let tapped = false;

describe.each([
  { source: "pg's own socket", tap: false },
  { source: "a read tap", tap: true },
])("raw COPY pipe, source on $source", ({ tap }) => {
  beforeAll(() => {
    tapped = tap;
  });

  it("moves every row in text and binary form, and both sides agree on the count", async () => {
    await truncate("dst");
    const text = await pipe("COPY src TO STDOUT", "COPY dst FROM STDIN");
    expect(text.result.rowsDone).toBe(50_000);
    expect(await count("dst")).toBe(50_000);
    const c = await client();
    const diff = await c.query("SELECT * FROM src EXCEPT SELECT * FROM dst");
    expect(diff.rowCount).toBe(0);
    await c.query("TRUNCATE dst");
    await c.end();
    const binary = await pipe("COPY src TO STDOUT (FORMAT binary)", "COPY dst FROM STDIN (FORMAT binary)");
    expect(binary.result.rowsDone).toBe(50_000);
    expect(await count("dst")).toBe(50_000);
    // Progress was reported along the way, not only at the end.
    expect(binary.progress.length).toBeGreaterThan(2);
  });

  it("carries rows far bigger than one socket read (6.4 MB each) whole", async () => {
    await truncate("dst_big");
    sourcePauses = 0;
    const { result } = await pipe("COPY big TO STDOUT", "COPY dst_big FROM STDIN");
    // The target takes these rows slower than the source sends them: the tapped source had to wait.
    if (tap) expect(sourcePauses).toBeGreaterThan(0);
    expect(result.rowsDone).toBe(3);
    const c = await client();
    const same = await c.query(
      "SELECT count(*) AS n FROM big JOIN dst_big USING (id) WHERE big.blob = dst_big.blob",
    );
    await c.end();
    expect(Number(same.rows[0].n)).toBe(3);
  });

  it("skips notices the source sends between rows instead of passing them on as data", async () => {
    await truncate("dst");
    const { result } = await pipe(
      "COPY (SELECT noisy(id), label, payload, at FROM src) TO STDOUT",
      "COPY dst FROM STDIN",
    );
    expect(result.rowsDone).toBe(50_000);
    expect(await count("dst")).toBe(50_000);
  });

  it("a target that rejects a row fails the copy with PostgreSQL's message and keeps nothing", async () => {
    await expect(pipe("COPY src TO STDOUT", "COPY dst_strict FROM STDIN")).rejects.toThrow(
      /violates check constraint/,
    );
    expect(await count("dst_strict")).toBe(0);
  });

  it("a source that fails midway fails the copy with the source's message and keeps nothing", async () => {
    await expect(
      pipe("COPY (SELECT boom(id), label, payload, at FROM src) TO STDOUT", "COPY dst_strict FROM STDIN"),
    ).rejects.toThrow(/source failed at 30000/);
    expect(await count("dst_strict")).toBe(0);
  });

  it("keeps going when the target stalls while a trickling source sends small bursts", async () => {
    await truncate("dst_slow");
    const { result } = await pipe(
      "COPY (SELECT trickle(g), repeat(md5(g::text), 32) FROM generate_series(1, 20000) g) TO STDOUT",
      "COPY dst_slow FROM STDIN",
    );
    expect(result.rowsDone).toBe(20_000);
    expect(await count("dst_slow")).toBe(20_000);
  });

  it("stops on request between socket reads and keeps nothing", async () => {
    let reads = 0;
    await expect(
      pipe("COPY src TO STDOUT", "COPY dst_strict FROM STDIN", () => ++reads > 2),
    ).rejects.toBeInstanceOf(PipeCancelled);
    expect(await count("dst_strict")).toBe(0);
  });
});
