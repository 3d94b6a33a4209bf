import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignKeyStatement } from "@/server/target/fk-by-merge";
import { readIndexFacts } from "@/server/runs/strategies/table-indexes";
import { freshDatabase } from "../setup/databases";

// A parent and a child loaded the way a run loads them (TRUNCATE and COPY … FREEZE in one transaction, indexes
// built after), with identifiers a DBA may have: spaces, capitals, Unicode.
const PARENT = { schema: "Läger", target: "Kunden Liste" };
const CHILD = { schema: "Läger", target: "Bestellungen" };
const FK_SQL = `ALTER TABLE ONLY "Läger"."Bestellungen"
    ADD CONSTRAINT "Bestellungen_kunde_fkey" FOREIGN KEY ("Kunde") REFERENCES "Läger"."Kunden Liste"(id);`;

const CHILD_ROWS = Array.from(
  { length: 60_000 },
  (_, i) => `${i + 1}\t${(i % 20_000) + 1}\t${(i % 7) + 1}\t1\t1`,
);

let db: Awaited<ReturnType<typeof freshDatabase>>;
let c: pg.Client;

async function copyFreeze(table: string, rows: string[]): Promise<void> {
  await c.query("BEGIN");
  await c.query(`TRUNCATE ${table}`);
  await pipeline(
    Readable.from(rows.map((r) => `${r}\n`)),
    c.query(copyFrom(`COPY ${table} FROM STDIN (FREEZE)`)),
  );
  await c.query("COMMIT");
}

const plan = async (setup: string) => {
  await c.query(setup);
  const { rows } = await c.query<{ "QUERY PLAN": string }>(
    `EXPLAIN SELECT fk."Kunde" FROM ONLY "Läger"."Bestellungen" fk
       LEFT JOIN ONLY "Läger"."Kunden Liste" pk ON pk.id = fk."Kunde" WHERE pk.id IS NULL AND fk."Kunde" IS NOT NULL`,
  );
  await c.query("RESET ALL");
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
};

beforeAll(async () => {
  db = await freshDatabase("ferry_it_fk_by_merge");
  c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`
    CREATE SCHEMA "Läger";
    CREATE TABLE "Läger"."Kunden Liste" (id bigint NOT NULL, name text);
    CREATE TABLE "Läger"."Bestellungen" (id bigint NOT NULL, "Kunde" bigint, "Zweitkunde" bigint, a int, b int);
    CREATE TABLE "Läger".paar (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b));
    CREATE TABLE "Läger".lose (id bigint PRIMARY KEY, "Kunde" bigint);`);
  await copyFreeze(
    `"Läger"."Kunden Liste"`,
    Array.from({ length: 20_000 }, (_, i) => `${i + 1}\tKunde ${i + 1}`),
  );
  await copyFreeze(`"Läger"."Bestellungen"`, CHILD_ROWS);
  await c.query(`
    CREATE UNIQUE INDEX "Kunden Liste_pkey" ON "Läger"."Kunden Liste" (id);
    ALTER TABLE "Läger"."Kunden Liste" ADD CONSTRAINT "Kunden Liste_pkey" PRIMARY KEY USING INDEX "Kunden Liste_pkey";
    CREATE INDEX "Bestellungen Kunde" ON "Läger"."Bestellungen" ("Kunde", id);
    INSERT INTO "Läger".lose SELECT g, g FROM generate_series(1, 1000) g;`);
});

afterAll(async () => {
  await c?.end();
  await db?.drop();
});

describe("readIndexFacts", () => {
  it("says which FKs have an index led by their columns on the referencing side, in the referenced key's order", async () => {
    await c.query(`
      CREATE TABLE "Läger".src_child (id int PRIMARY KEY, k bigint, z bigint, a int, b int);
      CREATE INDEX ON "Läger".src_child (k);
      CREATE INDEX ON "Läger".src_child (b, a);
      ALTER TABLE "Läger".src_child ADD CONSTRAINT indexed FOREIGN KEY (k) REFERENCES "Läger"."Kunden Liste"(id),
        ADD CONSTRAINT unindexed FOREIGN KEY (z) REFERENCES "Läger"."Kunden Liste"(id),
        ADD CONSTRAINT reversed FOREIGN KEY (a, b) REFERENCES "Läger".paar(a, b);`);
    const { rows } = await c.query<{ oid: string; conname: string }>(
      `SELECT oid::text, conname FROM pg_constraint WHERE conrelid = '"Läger".src_child'::regclass AND contype = 'f'`,
    );
    await c.query("BEGIN");
    const facts = await readIndexFacts(
      c,
      [],
      rows.map((r) => r.oid),
    );
    await c.query("ROLLBACK");
    expect(Object.fromEntries(facts.map((f) => [f.name, f.indexed_both_sides]))).toEqual({
      indexed: true,
      unindexed: false,
      reversed: false,
    });
    await c.query(`DROP TABLE "Läger".src_child`);
  });
});

describe("foreignKeyStatement", () => {
  it("validates a freshly loaded, indexed FK by merging the two indexes, and still refuses an orphan", async () => {
    const sql = await foreignKeyStatement(c, { sql: FK_SQL, indexedBothSides: true }, [CHILD, PARENT]);
    expect(sql).toBe(`SET enable_hashjoin = off;\n${FK_SQL}\nRESET enable_hashjoin;`);
    // The validating query's plan with and without the statement's setting.
    expect(await plan("SET work_mem = '64MB'")).toMatch(/Hash Anti Join/);
    expect(await plan("SET work_mem = '64MB'; SET enable_hashjoin = off")).toMatch(
      /Merge Anti Join[\s\S]*Index Only Scan using "Bestellungen Kunde"[\s\S]*Index Only Scan using "Kunden Liste_pkey"/,
    );

    // An orphan is refused all the same, and nothing of the statement is kept.
    await c.query(`INSERT INTO "Läger"."Bestellungen" VALUES (60001, 99999, 1, 1, 1)`);
    await expect(c.query(sql)).rejects.toMatchObject({
      message: expect.stringMatching(/violates foreign key constraint "Bestellungen_kunde_fkey"/),
      detail: expect.stringMatching(/Key \("?Kunde"?\)=\(99999\) is not present/),
    });
    // Loaded again without it, as a retried chunk would, and its indexes rebuilt.
    await c.query("RESET ALL");
    await copyFreeze(`"Läger"."Bestellungen"`, CHILD_ROWS);
    await c.query(`REINDEX TABLE "Läger"."Bestellungen"`);

    expect(await foreignKeyStatement(c, { sql: FK_SQL, indexedBothSides: true }, [CHILD, PARENT])).toBe(sql);
    await c.query(sql);
    const { rows } = await c.query<{ on: string; valid: boolean }>(
      `SELECT current_setting('enable_hashjoin') AS on, convalidated AS valid FROM pg_constraint
        WHERE conname = 'Bestellungen_kunde_fkey'`,
    );
    expect(rows).toEqual([{ on: "on", valid: true }]);

    // A statement as Ferry writes it for other engines, without its semicolon: NOT VALID first, then validated.
    const validate = `ALTER TABLE "Läger"."Bestellungen" VALIDATE CONSTRAINT "Bestellungen_kunde_notvalid"`;
    await c.query(
      `ALTER TABLE "Läger"."Bestellungen" ADD CONSTRAINT "Bestellungen_kunde_notvalid" FOREIGN KEY ("Kunde") REFERENCES "Läger"."Kunden Liste"(id) NOT VALID`,
    );
    const merged = await foreignKeyStatement(c, { sql: validate, indexedBothSides: true }, [CHILD, PARENT]);
    expect(merged).toBe(`SET enable_hashjoin = off;\n${validate};\nRESET enable_hashjoin;`);
    await c.query(merged);
    const notValid = await c.query(`SELECT conname FROM pg_constraint WHERE NOT convalidated`);
    expect(notValid.rows).toEqual([]);
  });

  it("leaves the statement alone without an index on the referencing side or where pages are not all-visible", async () => {
    const plain = `ALTER TABLE ONLY "Läger".lose ADD CONSTRAINT lose_fkey FOREIGN KEY ("Kunde") REFERENCES "Läger"."Kunden Liste"(id);`;
    expect(await foreignKeyStatement(c, { sql: plain, indexedBothSides: false }, [CHILD, PARENT])).toBe(
      plain,
    );
    // Rows written by INSERT: the visibility map is not set until a VACUUM.
    expect(
      await foreignKeyStatement(c, { sql: plain, indexedBothSides: true }, [
        { schema: "Läger", target: "lose" },
        PARENT,
      ]),
    ).toBe(plain);
  });
});
