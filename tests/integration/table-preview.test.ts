import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TablePreview } from "@/contracts/connections";
import { GET as previewRoute } from "@/app/api/connections/[connectionId]/preview/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { freshMariadb, withMariadb } from "../setup/mariadb";
import { createConnection } from "../setup/runs";

// The wizard's "first rows, as they will land", through the one route and the connectors' readRows.
let cookie: string;
let pgSource: Awaited<ReturnType<typeof freshDatabase>>;
let mariadb: Awaited<ReturnType<typeof freshMariadb>>;
let pgId: string;
let mysqlId: string;

beforeAll(async () => {
  cookie = await signIn("dba");
  pgSource = await freshDatabase("ferry_it_preview_pg");
  await withClient(pgSource.url, async (c) => {
    await c.query(`CREATE SCHEMA sales;
      CREATE TABLE sales."Order Lines" (
        id bigint PRIMARY KEY, qty integer, price numeric(12,2), ratio double precision, ok boolean,
        note text, raw bytea, at timestamp(3), day date, doc jsonb, tags text[], span interval, addr inet
      );
      INSERT INTO sales."Order Lines"
        SELECT g, g * 2, g * 1.25, CASE WHEN g = 2 THEN 'NaN' ELSE g / 4.0 END, g % 2 = 0,
               CASE WHEN g = 1 THEN E'tab\\there\\nnew line' END, CASE WHEN g = 1 THEN '\\x00ff'::bytea END,
               '2024-02-29 12:34:56.789', '2024-02-29', '{"b": 1, "a": [1, 2.50]}', ARRAY['x', 'y z'],
               interval '1 day 2 hours', '10.0.0.1'
          FROM generate_series(1, 30) g;`);
  });
  pgId = await createConnection(cookie, {
    name: "PG preview",
    engine: "postgres",
    url: `${pgSource.url}?sslmode=disable`,
  });
  mariadb = await freshMariadb("ferry_it_preview_my", "ferry_it_preview_my", "preview-secret-1");
  await withMariadb(async (c) => {
    await c.query(`CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(8,2), at DATETIME);
      INSERT INTO items VALUES (1, 'ünïcode', 9.99, '2024-02-29 12:00:00'), (2, NULL, 0.50, NULL);`);
  }, "ferry_it_preview_my");
  mysqlId = await createConnection(cookie, {
    name: "MariaDB preview",
    engine: "mysql",
    host: "127.0.0.1",
    database: "ferry_it_preview_my",
    user: "ferry_it_preview_my",
    password: "preview-secret-1",
    sslmode: "disable",
  });
});

afterAll(async () => {
  await pgSource?.drop();
  await mariadb?.drop();
});

async function preview(connectionId: string, table: string): Promise<TablePreview> {
  const res = await call(previewRoute, {
    cookie,
    params: { connectionId },
    path: `/?table=${encodeURIComponent(table)}`,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return TablePreview.parse(await res.json());
}

describe("the row preview", () => {
  it("shows a PostgreSQL source's first rows as PostgreSQL prints them, its own types kept", async () => {
    const p = await preview(pgId, "sales.Order Lines");
    expect(p.rowCount).toBe(30);
    expect(p.rows).toHaveLength(20);
    expect(p.notes).toEqual([]);
    expect(p.columns.map((c) => `${c.name}:${c.pgType}`)).toEqual([
      "id:bigint",
      "qty:integer",
      "price:numeric(12,2)",
      "ratio:double precision",
      "ok:boolean",
      "note:text",
      "raw:bytea",
      "at:timestamp(3) without time zone",
      "day:date",
      "doc:jsonb",
      "tags:text[]",
      "span:interval",
      "addr:inet",
    ]);
    const byId = new Map(p.rows.map((r) => [r[0], r]));
    expect(byId.get("1")).toEqual([
      "1",
      "2",
      "1.25",
      "0.25",
      "f",
      "tab\there\nnew line",
      "\\x00ff",
      "2024-02-29 12:34:56.789",
      "2024-02-29",
      '{"a": [1, 2.50], "b": 1}',
      '{x,"y z"}',
      "1 day 02:00:00",
      "10.0.0.1",
    ]);
    expect(byId.get("2")!.slice(3, 7)).toEqual(["NaN", "t", null, null]);
  });

  it("shows a MariaDB table's rows the same way, through the same route", async () => {
    const p = await preview(mysqlId, "items");
    expect(p.rows).toEqual([
      ["1", "ünïcode", "9.99", "2024-02-29 12:00:00"],
      ["2", null, "0.50", null],
    ]);
  });
});
