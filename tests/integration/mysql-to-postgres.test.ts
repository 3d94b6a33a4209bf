import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import type { RunSnapshot } from "@/contracts/runs";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { freshMariadb, withMariadb } from "../setup/mariadb";
import { createConnection, migrateAndWait } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const SOURCE_DB = "ferry_it_mysql_src";
const USER = "ferry_it_my";
const PASSWORD = "ferry-my-secret-1";
const CUSTOMERS = 5000;

const SCHEMA = `
CREATE TABLE customers (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(190) NOT NULL,
  name VARCHAR(100) NOT NULL,
  bio TEXT,
  active TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY uq_email (email),
  KEY ix_bio (bio(20))
);
CREATE TABLE \`order\` (
  customer_id INT UNSIGNED NOT NULL,
  \`line no\` SMALLINT NOT NULL,
  \`qty "quoted"\` INT NOT NULL,
  \`prïce\` DECIMAL(12,2) NOT NULL,
  PRIMARY KEY (customer_id, \`line no\`),
  KEY ix_price (\`prïce\`),
  CONSTRAINT fk_order_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
CREATE TABLE \`log entries\` (msg VARCHAR(100), at DATETIME);
CREATE TABLE tags (tag VARCHAR(20) NOT NULL PRIMARY KEY, n INT);
CREATE TABLE \`all types\` (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,
  i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
  dec1 DECIMAL(65,30), dec2 DECIMAL(10,2) UNSIGNED, f FLOAT, d DOUBLE,
  b1 BIT(1), b12 BIT(12), b64 BIT(64), flag BOOLEAN,
  c CHAR(10), vc VARCHAR(50), tt TINYTEXT, t TEXT, mt MEDIUMTEXT, lt LONGTEXT,
  bin BINARY(4), vb VARBINARY(20), bl BLOB, lb LONGBLOB,
  dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME, tm3 TIME(3), yr YEAR,
  en ENUM('small','medium','large','it''s'), st SET('red','green','blue','light gray'), js JSON,
  zero_dt DATETIME NULL
);
CREATE TABLE places (id INT PRIMARY KEY, name VARCHAR(20), location POINT);
CREATE VIEW v_customers AS SELECT id, email FROM customers;
`;

const DATA = `
SET SESSION sql_mode = '';
INSERT INTO customers (email, name, bio, active)
  SELECT CONCAT('user', seq, '@example.com'), CONCAT('Ñame ', seq, IF(seq % 7 = 0, ' 😀', '')),
         IF(seq % 3 = 0, NULL, REPEAT(CONCAT('bio ', seq, ' '), 10)), seq % 2 FROM seq_1_to_${CUSTOMERS};
INSERT INTO \`order\` SELECT c.id, l.seq, l.seq * 2, c.id * 1.25 + l.seq
  FROM customers c JOIN seq_1_to_3 l WHERE c.id <= 2000;
INSERT INTO \`log entries\` VALUES ('dup', '2024-01-01 00:00:00'), ('dup', '2024-01-01 00:00:00'), (NULL, NULL);
INSERT INTO tags VALUES ('a', 1), ('B', 2), ('c!', 3), ('é', 4), ('Z', 5), ('😀', 6), ('a\t', 7), ('ab', 8);
INSERT INTO \`all types\` VALUES
 (0, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
  '-12345678901234567890123456789012345.123456789012345678901234567890', 0.00, -3.40282e38, -1.7976931348623157e308,
  b'0', b'0', b'0', 0, '', '', '', '', '', '', 0x00000000, X'', X'', X'',
  '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01.000', '00:00:00', '00:00:00.000', 1901,
  'small', '', '{}', NULL),
 (1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
  '99999999999999999999999999999999999.999999999999999999999999999999', 99999999.99, 3.1415927, 0.1e0 + 0.2e0,
  b'1', b'101010101010', 0xFFFFFFFFFFFFFFFF, 1, 'abc', 'héllo wörld 😀 한국어', 'tab\there', 'line1\nline2 \\\\ backslash',
  REPEAT('x', 100000), 'long', 0x00010200, 0x00ff00, 0x000102, REPEAT(0x00ff, 5000),
  '2024-02-29', '9999-12-31 23:59:59', '2000-01-01 12:34:56.789012', '2038-01-19 03:14:07.999', '23:59:59', '12:00:00.500', 2155,
  'it''s', 'red,light gray', '{"b":1, "a":[1,2.50,1e2], "s":"é😀", "n":null}', '0000-00-00 00:00:00'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (18446744073709551615, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 1.5, 0.1, 0.1, b'1', b'1', b'1', 1, 'x', 'y', 'z', 'z', 'z', 'z',
  0x01, 0x01, 0x01, 0x01, '2020-02-02', '2020-02-02 02:02:02', '2020-02-02 02:02:02.5', '2020-02-02 02:02:02', '01:02:03', '01:02:03.004', 2020,
  'medium', 'green', '[1, "two", {"x": 3.0}]', '2020-00-00 00:00:00');
INSERT INTO places VALUES (1, 'origin', POINT(0, 0));
`;

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let source: Awaited<ReturnType<typeof freshMariadb>>;
let sourceId: string;
let targetId: string;

const runMigration = (body: Record<string, unknown>): Promise<RunSnapshot> =>
  migrateAndWait(cookie, { sourceId, targetId, ...body }, { output: worker.output });

const MIGRATED = ["all types", "customers", "log entries", "order", "tags"];

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshMariadb(SOURCE_DB, USER, PASSWORD);
  await withMariadb(async (c) => {
    await c.query(SCHEMA);
    await c.query(DATA);
  }, SOURCE_DB);
  target = await freshDatabase("ferry_it_mysql_target");
  worker = await startWorker();
  sourceId = await createConnection(cookie, {
    name: "MariaDB",
    engine: "mysql",
    host: "127.0.0.1",
    database: SOURCE_DB,
    user: USER,
    password: PASSWORD,
    sslmode: "disable",
  });
  targetId = await createConnection(cookie, {
    name: "Target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
});

afterAll(async () => {
  await worker?.stop();
  await target?.drop();
  await source?.drop();
});

describe("MySQL / MariaDB → PostgreSQL", () => {
  it("tests the source: MariaDB, its user, the view and the spatial column named; never the password", async () => {
    const res = await call(testConnectionRoute, {
      method: "POST",
      cookie,
      params: { connectionId: sourceId },
    });
    const result = (await res.json()) as {
      ok: boolean;
      serverVersion: string;
      currentUser: string;
      problems: string[];
      notes: string[];
    };
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.serverVersion).toMatch(/^MariaDB 10\.\d+/);
    expect(result.currentUser).toBe(`${USER}@%`);
    expect(result.notes.join(" ")).toMatch(/1 view\(s\)/);
    expect(result.notes.join(" ")).toMatch(/"places"\."location" \(point\)/);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it("lists the MySQL tables with exact row counts, and no views", async () => {
    const res = await call(tablesRoute, { cookie, params: { connectionId: sourceId } });
    const tables = (await res.json()) as { name: string; rowCount: number; hasPrimaryKey: boolean }[];
    expect(Object.fromEntries(tables.map((t) => [t.name, t.rowCount]))).toEqual({
      "all types": 4,
      customers: CUSTOMERS,
      "log entries": 3,
      order: 6000,
      places: 1,
      tags: 8,
    });
    expect(tables.find((t) => t.name === "log entries")?.hasPrimaryKey).toBe(false);
  });

  it("gives a clear error for a wrong password", async () => {
    const id = await createConnection(cookie, {
      name: "Wrong password",
      engine: "mysql",
      url: `mysql://${USER}:not-the-password@127.0.0.1:3306/${SOURCE_DB}?ssl-mode=DISABLED`,
    });
    const res = await call(testConnectionRoute, { method: "POST", cookie, params: { connectionId: id } });
    const result = (await res.json()) as { ok: boolean; problems: string[] };
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(
      /^Access denied for user "ferry_it_my" on 127\.0\.0\.1:3306: wrong password/,
    );
    expect(result.problems[0]).not.toContain("not-the-password");
  });

  it("refuses a spatial column before writing anything, naming it", async () => {
    const run = await runMigration({ name: "Places", tables: ["places"] });
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(
      /Column "places"\."location" \(point\): spatial types are not supported yet; exclude the table or convert the column/,
    );
    await withClient(target.url, async (c) => {
      const t = await c.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(t.rows[0].n).toBe(0);
    });
  });

  it("migrates every type with every count and checksum matching; keys, FKs, indexes and identity in place", async () => {
    const started = performance.now();
    const run = await runMigration({
      name: "MariaDB",
      tables: MIGRATED,
      options: { ifTargetExists: "fail" },
    });
    const seconds = (performance.now() - started) / 1000;
    expect(run.error, JSON.stringify(run.log)).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.verified).toBe(true);
    expect(run.tables.every((t) => t.status === "verified" && t.rowsDone === t.rowsTotal)).toBe(true);
    const log = run.log.map((l) => l.message).join("\n");
    expect(log).toMatch(/Table "all types": 2 zero date\(s\) in column "zero_dt" .* become NULL/);
    expect(log).toMatch(/View\(s\) "v_customers" are not migrated/);

    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: run.id } })).json(),
    );
    expect(report.ok).toBe(true);
    for (const t of report.tables) {
      expect(t.sourceChecksum, t.name).toBe(t.targetChecksum);
      expect(t.sourceRows, t.name).toBe(t.targetRows);
    }
    expect(report.tables.find((t) => t.name === "log entries")?.checksumMethod).toBe("multiset");
    expect(report.source.fingerprint).toMatch(/^mysql:10\.\d+.*MariaDB/);
    const rows = report.tables.reduce((n, t) => n + t.targetRows, 0);
    console.log(
      `MariaDB → PostgreSQL: ${rows} rows in ${report.tables.length} tables, ${seconds.toFixed(1)} s`,
    );

    await withClient(target.url, async (c) => {
      const types = await c.query<{ attname: string; t: string }>(
        `SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute
          WHERE attrelid = '"all types"'::regclass AND attnum > 0 ORDER BY attnum`,
      );
      expect(Object.fromEntries(types.rows.map((r) => [r.attname, r.t]))).toEqual({
        id: "numeric(20,0)",
        ti: "smallint",
        tiu: "smallint",
        si: "smallint",
        siu: "integer",
        mi: "integer",
        miu: "integer",
        i: "integer",
        iu: "bigint",
        bi: "bigint",
        biu: "numeric(20,0)",
        dec1: "numeric(65,30)",
        dec2: "numeric(10,2)",
        f: "real",
        d: "double precision",
        b1: "bit(1)",
        b12: "bit(12)",
        b64: "bit(64)",
        flag: "boolean",
        c: "character varying(10)",
        vc: "character varying(50)",
        tt: "text",
        t: "text",
        mt: "text",
        lt: "text",
        bin: "bytea",
        vb: "bytea",
        bl: "bytea",
        lb: "bytea",
        dt: "date",
        dtm: "timestamp(0) without time zone",
        dtm6: "timestamp(6) without time zone",
        ts: "timestamp(3) with time zone",
        tm: "time(0) without time zone",
        tm3: "time(3) without time zone",
        yr: "smallint",
        en: "text",
        st: "text[]",
        js: "jsonb",
        zero_dt: "timestamp(0) without time zone",
      });
      const max = await c.query(`SELECT * FROM "all types" WHERE id = 1`);
      expect(max.rows[0]).toMatchObject({
        biu: "18446744073709551615",
        iu: "4294967295",
        bi: "9223372036854775807",
        b12: "101010101010",
        b64: "1".repeat(64),
        flag: true,
        vc: "héllo wörld 😀 한국어",
        st: ["red", "light gray"],
        en: "it's",
        js: { a: [1, 2.5, 100], b: 1, n: null, s: "é😀" },
        zero_dt: null,
        tm3: "12:00:00.5",
      });
      expect(max.rows[0].f).toBeCloseTo(3.1415927, 6);
      expect(max.rows[0].d).toBe(0.30000000000000004);
      expect(max.rows[0].lb).toEqual(Buffer.from("00ff".repeat(5000), "hex"));
      const extreme = await c.query(`SELECT max(id)::text AS id FROM "all types"`);
      expect(extreme.rows[0].id).toBe("18446744073709551615");
      // The ENUM's values are a CHECK constraint.
      await expect(c.query(`INSERT INTO "all types" (id, en) VALUES (5, 'huge')`)).rejects.toThrow(
        /check constraint/,
      );

      // The AUTO_INCREMENT key is an identity that continues past max(id).
      const inserted = await c.query(
        `INSERT INTO customers (email, name, active) VALUES ('new@example.com', 'New', true) RETURNING id`,
      );
      expect(inserted.rows[0].id).toBe(String(CUSTOMERS + 1));
      const fks = await c.query(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND convalidated AND connamespace = 'public'::regnamespace",
      );
      expect(fks.rowCount).toBe(1);
      const pks = await c.query(
        "SELECT conrelid::regclass::text AS t FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace ORDER BY 1",
      );
      expect(pks.rows.map((r) => r.t).sort()).toEqual(['"all types"', '"order"', "customers", "tags"]);
      const indexes = await c.query<{ indexname: string; indexdef: string }>(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
      );
      const byName = Object.fromEntries(indexes.rows.map((r) => [r.indexname, r.indexdef]));
      expect(byName.uq_email).toMatch(
        /CREATE UNIQUE INDEX uq_email ON public.customers USING btree \(email\)/,
      );
      expect(byName.ix_bio).toMatch(/\(SUBSTRING\(bio FROM 1 FOR 20\)\)/);
      expect(byName.ix_price).toMatch(/"prïce"/);
      await expect(
        c.query(`INSERT INTO customers (email, name, active) VALUES ('user1@example.com', 'Dup', true)`),
      ).rejects.toThrow(/uq_email/);
    });
  });

  it("refuses a NOT NULL column holding zero dates, naming it, before writing", async () => {
    await withMariadb(async (c) => {
      await c.query("SET SESSION sql_mode = ''");
      await c.query("CREATE TABLE `bad dates` (id INT PRIMARY KEY, due DATE NOT NULL)");
      await c.query("INSERT INTO `bad dates` VALUES (1, '2024-01-01'), (2, '0000-00-00')");
    }, SOURCE_DB);
    const run = await runMigration({ name: "Bad dates", tables: ["bad dates"] });
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(
      /Table "bad dates": column "due" is NOT NULL and holds 1 zero date\(s\).*Nothing was written/,
    );
    await withClient(target.url, async (c) => {
      expect((await c.query(`SELECT to_regclass('public."bad dates"') AS t`)).rows[0].t).toBeNull();
    });
  });
});
