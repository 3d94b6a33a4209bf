import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TablePlan } from "@/server/plan/build-plan";
import { assertIdentifier, quoteIdent } from "@/server/plan/identifiers";
import { tableIndexBuilds } from "@/server/target/post-data";
import { createTableSql, identityResetSql } from "@/server/target/target-ddl";
import { freshDatabase } from "../setup/databases";

// Names a hostile source can carry; those assertIdentifier refuses (NUL, > 63 bytes) never reach SQL.
const name = fc
  .oneof(
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom('"', "'", "\\", " ", ";", "-", "(", ")", "$", "\n", "é", "表", "🚢", "a", "A"),
      minLength: 1,
      maxLength: 63,
    }),
    fc.constantFrom(
      'x"; DROP TABLE canary; --',
      "x'); DROP TABLE canary; --",
      "é".repeat(31),
      "🚢".repeat(15),
    ),
  )
  .filter((n) => {
    try {
      return assertIdentifier(n, "Table") === n;
    } catch {
      return false;
    }
  });

let db: { url: string; drop: () => Promise<void> };
let client: pg.Client;

beforeAll(async () => {
  db = await freshDatabase("ferry_it_identifiers");
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query("CREATE TABLE canary (id int); CREATE SCHEMA target");
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe("hostile names through real PostgreSQL", () => {
  it("create exactly the table and columns named, round-trip rows, build keys, and break nothing out", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(name, fc.uniqueArray(name, { minLength: 1, maxLength: 3 }), async (table, cols) => {
        const allowed = ["it's", 'say "hi"', "back\\slash", "'); DROP TABLE canary; --"];
        const plan = {
          schema: "target",
          target: table,
          columns: cols.map((c, i) => ({
            source: c,
            target: c,
            pgType: i === 0 ? "bigint" : "text",
            kind: i === 0 ? "integer" : "text",
            nullable: i !== 0,
            ...(i === 1 && { allowed }),
          })),
          primaryKey: [cols[0]!],
          identity: cols[0]!,
          foreignKeys: [],
          indexes:
            cols.length > 1 ? [{ name: `sqlite_autoindex_${n++}`, columns: [cols[1]!], unique: false }] : [],
          rowCount: 0,
          source: {} as TablePlan["source"],
        } as TablePlan;
        await client.query("BEGIN");
        try {
          await client.query(createTableSql("target", plan));
          const tables = await client.query<{ relname: string }>(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'target' AND c.relkind = 'r'",
          );
          expect(tables.rows.map((r) => r.relname)).toEqual([table]);
          const columns = await client.query<{ attname: string }>(
            "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 ORDER BY attnum",
            [`${quoteIdent("target")}.${quoteIdent(table)}`],
          );
          expect(columns.rows.map((r) => r.attname)).toEqual(cols);

          const values = cols.slice(1).map((_, i) => (i === 0 ? allowed[3]! : cols[0]!));
          const qualified = `${quoteIdent("target")}.${quoteIdent(table)}`;
          const insertCols = cols.slice(1).map(quoteIdent).join(", ");
          await client.query(
            cols.length > 1
              ? `INSERT INTO ${qualified} (${insertCols}) VALUES (${values.map((_, i) => `$${i + 1}`).join(", ")})`
              : `INSERT INTO ${qualified} DEFAULT VALUES`,
            values,
          );
          const read = await client.query({
            text: `SELECT ${cols.map(quoteIdent).join(", ")} FROM ${qualified}`,
            rowMode: "array",
          });
          expect(read.fields.map((f) => f.name)).toEqual(cols);
          expect(read.rows[0]!.slice(1)).toEqual(values);

          for (const b of tableIndexBuilds("target", plan)) await client.query(b.sql);
          await client.query(identityResetSql("target", plan)!);
          const indexes = await client.query("SELECT 1 FROM pg_indexes WHERE schemaname = 'target'");
          expect(indexes.rowCount).toBe(tableIndexBuilds("target", plan).length);
        } finally {
          await client.query("ROLLBACK");
        }
      }),
      { numRuns: 150 },
    );
    // Nothing escaped its quotes: the canary is still there.
    expect((await client.query("SELECT to_regclass('public.canary') AS t")).rows[0].t).toBe("canary");
  });
});
