import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TablePreview } from "@/contracts/connections";
import { ReportV1 } from "@/contracts/reports";
import { GET as previewRoute } from "@/app/api/connections/[connectionId]/preview/route";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { POST as dryRunRoute } from "@/app/api/migrations/[migrationId]/dry-run/route";
import { DryRunResult } from "@/contracts/migrations";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, migrateAndWait, upload, uploadFile } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const DIR = "fixtures/access";
let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
const figures: string[] = [];

async function accessSource(file: string, encoding = "auto"): Promise<string> {
  const up = await uploadFile(cookie, path.join(DIR, file));
  expect(up.kind).toBe("access");
  return createConnection(cookie, {
    name: `${file} (${encoding})`,
    engine: "access",
    uploadId: up.id,
    encoding,
  });
}

/** Uploads, migrates into a fresh ferry_it_access_* database, checks every table, then hands the db over. */
async function migrateFixture(
  file: string,
  expected: Record<string, number>,
  check: (url: string) => Promise<void>,
  encoding = "auto",
): Promise<void> {
  const db = `ferry_it_access_${file.replace(/\W+/g, "_").toLowerCase()}_${encoding.replace(/\W+/g, "")}`;
  const target = await freshDatabase(db);
  try {
    const sourceId = await accessSource(file, encoding);
    const targetId = await createConnection(cookie, {
      name: `target ${db}`,
      engine: "postgres",
      url: `${target.url}?sslmode=disable`,
    });
    const started = performance.now();
    const run = await migrateAndWait(
      cookie,
      { name: file, sourceId, targetId, options: { ifTargetExists: "fail", batchSize: 100 } },
      { output: worker.output },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(run.error, worker.output().slice(-3000)).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.verified).toBe(true);
    // Defaults Ferry cannot read are said, not silently left out.
    expect(run.log.some((l) => l.message.startsWith("Column default values are not read from Access"))).toBe(
      true,
    );
    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: run.id } })).json(),
    );
    expect(report.ok).toBe(true);
    expect(Object.fromEntries(report.tables.map((t) => [t.name, t.targetRows]))).toEqual(expected);
    for (const t of report.tables) {
      expect(t.match, t.name).toBe(true);
      expect(t.sourceRows).toBe(t.targetRows);
      expect(t.sourceChecksum).toBe(t.targetChecksum);
    }
    expect(report.source.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const rows = report.tables.reduce((n, t) => n + t.targetRows, 0);
    figures.push(`${file}: ${report.tables.length} tables, ${rows} rows, ${seconds.toFixed(2)} s`);
    await check(target.url);
  } finally {
    await target.drop();
  }
}

const columnTypes = (url: string, table: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ column_name: string; t: string; is_identity: string }>(
      `SELECT column_name, format_type(a.atttypid, a.atttypmod) AS t, c.is_identity
         FROM information_schema.columns c
         JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
        WHERE c.table_schema = 'public' AND c.table_name = $1 ORDER BY c.ordinal_position`,
      [table],
    );
    return Object.fromEntries(
      rows.map((r) => [r.column_name, r.is_identity === "YES" ? `${r.t} identity` : r.t]),
    );
  });

beforeAll(async () => {
  cookie = await signIn("dba");
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  console.log(`Access → PostgreSQL:\n  ${figures.join("\n  ")}`);
});

describe("MS Access → PostgreSQL", () => {
  it("refuses a file that is neither Access nor SQLite, even when it is named .mdb", async () => {
    const res = await upload(cookie, Buffer.from("id,name\n1,Ada\n"), "customers.mdb");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(
      /"customers\.mdb" is not a SQLite database or an MS Access file/,
    );
  });

  it("lists Access tables with row counts, keys and the file's version", async () => {
    const id = await accessSource("testV2010.accdb");
    const tables = (await (await call(tablesRoute, { cookie, params: { connectionId: id } })).json()) as {
      name: string;
      rowCount: number;
      hasPrimaryKey: boolean;
    }[];
    expect(tables).toEqual([
      { schema: null, name: "Table1", rowCount: 2, columnCount: 9, hasPrimaryKey: true },
      { schema: null, name: "Table2", rowCount: 0, columnCount: 89, hasPrimaryKey: true },
      { schema: null, name: "Table3", rowCount: 0, columnCount: 2, hasPrimaryKey: true },
      { schema: null, name: "Table4", rowCount: 0, columnCount: 2, hasPrimaryKey: true },
    ]);
    const test = await call(testConnectionRoute, { method: "POST", cookie, params: { connectionId: id } });
    expect(await test.json()).toMatchObject({
      ok: true,
      engine: "access",
      serverVersion: "Access 2010 (ACE 14)",
    });
  });

  it("migrates testV2010.accdb with Access types mapped as designed", async () => {
    await migrateFixture("testV2010.accdb", { Table1: 2, Table2: 0, Table3: 0, Table4: 0 }, async (url) => {
      expect(await columnTypes(url, "Table1")).toEqual({
        A: "character varying(50)",
        B: "character varying(100)",
        C: "smallint",
        D: "smallint",
        E: "integer",
        F: "double precision",
        G: "timestamp without time zone",
        H: "numeric(19,4)",
        I: "boolean",
      });
      expect(await columnTypes(url, "Table3")).toEqual({ a: "integer identity", b: "character varying(50)" });
      expect(await columnTypes(url, "Table4")).toEqual({ name: "character varying(50)", data: "uuid" });
      await withClient(url, async (c) => {
        const { rows } = await c.query(`SELECT * FROM "Table1" ORDER BY "A"`);
        expect(rows[1]).toMatchObject({
          A: "abcdefg",
          B: "hijklmnop",
          C: 2,
          D: 222,
          E: 333333333,
          F: 444.555,
        });
        expect(rows[1].H).toBe("3.5000");
        expect(rows[1].I).toBe(true);
        const pk = await c.query(
          `SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = '"Table1"'::regclass AND contype = 'p'`,
        );
        expect(pk.rows[0].d).toBe('PRIMARY KEY ("A")');
        const ix = await c.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'Table1' ORDER BY 1`);
        expect(ix.rows.map((r) => r.indexname)).toEqual(["Table1_B", "Table1_pkey"]);
        // AutoNumber continues past the copied values
        const next = await c.query(`INSERT INTO "Table3" (b) VALUES ('x') RETURNING a`);
        expect(next.rows[0].a).toBe(1);
      });
    });
  });

  it("migrates testV1997.mdb (Jet3, Windows-1252 text)", async () => {
    await migrateFixture("testV1997.mdb", { Table1: 2, Table2: 0, Table3: 0, Table4: 0 }, async (url) => {
      expect((await columnTypes(url, "Table1")).A).toBe("character varying(50)");
      await withClient(url, async (c) => {
        const { rows } = await c.query(`SELECT "A", "G"::text AS g FROM "Table1" ORDER BY "A"`);
        expect(rows).toEqual([
          { A: "a", g: "1981-12-12 00:00:00" },
          { A: "abcdefg", g: "1974-09-21 00:00:00" },
        ]);
      });
    });
  });

  it("lands CP949 text of an Access 97 file as correct Korean when the connection says cp949", async () => {
    await migrateFixture(
      "korean-cp949-v1997.mdb",
      { Table1: 2, Table2: 0, Table3: 0, Table4: 0 },
      async (url) => {
        await withClient(url, async (c) => {
          const { rows } = await c.query(`SELECT "A", "B" FROM "Table1" WHERE "C" = 2`);
          expect(rows).toEqual([{ A: "가나다A", B: "한글자료1" }]);
          const bytes = await c.query(`SELECT convert_to("B", 'UTF8') AS b FROM "Table1" WHERE "C" = 2`);
          expect(bytes.rows[0].b).toEqual(Buffer.from("한글자료1", "utf8"));
        });
      },
      "cp949",
    );
  });

  it("shows a wrong encoding in the preview before anything moves", async () => {
    const wrong = await accessSource("korean-cp949-v1997.mdb", "auto");
    const right = await accessSource("korean-cp949-v1997.mdb", "cp949");
    const preview = async (id: string) => {
      const res = await call(previewRoute, {
        cookie,
        params: { connectionId: id },
        path: "/?table=Table1",
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return TablePreview.parse(await res.json());
    };
    const bad = await preview(wrong);
    expect(bad.rows[1]!.slice(0, 2)).toEqual(["°¡³ª´ÙA", "ÇÑ±ÛÀÚ·á1"]);
    expect(bad.encoding).toMatch(/Windows-1252/);
    const good = await preview(right);
    expect(good.rows[1]!.slice(0, 2)).toEqual(["가나다A", "한글자료1"]);
    expect(good.columns.map((c) => `${c.name} ${c.sourceType} → ${c.pgType}`)).toEqual([
      "A Text(50) → varchar(50)",
      "B Text(100) → varchar(100)",
      "C Byte → smallint",
      "D Integer → smallint",
      "E Long Integer → integer",
      "F Double → double precision",
      "G Date/Time → timestamp",
      "H Currency → numeric(19,4)",
      "I Yes/No → boolean",
    ]);
    expect(good.rows[1]!.slice(6)).toEqual(["1974-09-21 00:00:00.000", "3.5000", "t"]);
  });

  it("migrates fixedNumericTestV2000.mdb: Decimal and Memo", async () => {
    await migrateFixture("fixedNumericTestV2000.mdb", { test: 1 }, async (url) => {
      expect(await columnTypes(url, "test")).toMatchObject({ col1: "text", col2: "numeric(18,0)" });
      await withClient(url, async (c) => {
        const { rows } = await c.query(`SELECT col1, col5::text AS n, col6::text AS m FROM test`);
        expect(rows).toEqual([{ col1: "some data", n: "4", m: "-1" }]);
      });
    });
  });

  it("migrates bigint.accdb (Access 2016 Large Number) and currency.accdb", async () => {
    await migrateFixture("bigint.accdb", { Table: 1 }, async (url) => {
      expect((await columnTypes(url, "Table")).Numeric).toBe("bigint");
      await withClient(url, async (c) => {
        expect((await c.query(`SELECT "Numeric"::text AS n FROM "Table"`)).rows).toEqual([{ n: "42" }]);
      });
    });
    await migrateFixture("currency.accdb", { Table: 1 }, async (url) => {
      expect((await columnTypes(url, "Table")).Money).toBe("numeric(19,4)");
      await withClient(url, async (c) => {
        expect((await c.query(`SELECT "Money"::text AS m FROM "Table"`)).rows).toEqual([{ m: "42.0000" }]);
      });
    });
  });

  it("migrates Unicode-compressed, emoji, pre-1900 and extended-date files", async () => {
    await migrateFixture("testUnicodeCompV2003.mdb", { Table: 8 }, async (url) => {
      await withClient(url, async (c) => {
        const { rows } = await c.query(`SELECT "Unicode" FROM "Table" WHERE "ID" = 3`);
        expect(rows[0].Unicode).toBe("Мир");
      });
    });
    await migrateFixture("testEmoticonsV2010.accdb", { data: 80 }, async (url) => {
      await withClient(url, async (c) => {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM data WHERE data LIKE '%😀%'`);
        expect(rows[0].n).toBeGreaterThan(0);
      });
    });
    await migrateFixture("oldDatesV2007.accdb", { Table1: 4 }, async (url) => {
      await withClient(url, async (c) => {
        const { rows } = await c.query(`SELECT "DateField"::text AS d FROM "Table1" ORDER BY "ID"`);
        expect(rows.map((r) => r.d)).toEqual([
          "1582-10-15 00:00:00",
          "1582-10-14 00:00:00",
          "1492-01-10 00:00:00",
          expect.stringMatching(/^1392-/),
        ]);
      });
    });
    await migrateFixture("extDateTestV2019.accdb", { Table1: 9 }, async (url) => {
      expect((await columnTypes(url, "Table1")).DateExt).toBe("timestamp without time zone");
    });
  });

  it("refuses attachment columns clearly when the connection is tested", async () => {
    const id = await accessSource("attachments.accdb");
    const res = await call(testConnectionRoute, { method: "POST", cookie, params: { connectionId: id } });
    const result = (await res.json()) as { ok: boolean; problems: string[] };
    expect(result.ok).toBe(false);
    expect(result.problems.join(" ")).toMatch(/"Table1" has attachment or multi-value column/);
  });

  it("estimates bytes in the dry run: the file apportioned by rows × column widths, never unknown", async () => {
    const target = await freshDatabase("ferry_it_access_dry_run");
    try {
      const sourceId = await accessSource("testEmoticonsV2010.accdb");
      const targetId = await createConnection(cookie, {
        name: "dry-run target",
        engine: "postgres",
        url: `${target.url}?sslmode=disable`,
      });
      const migrationId = await createMigration(cookie, { name: "access dry run", sourceId, targetId });
      const res = await call(dryRunRoute, { method: "POST", cookie, params: { migrationId } });
      expect(res.status, await res.clone().text()).toBe(200);
      const dry = DryRunResult.parse(await res.json());
      const data = dry.tables.find((t) => t.name === "data")!;
      expect(data.rows).toBe(80);
      // 80 short rows: more than nothing, far less than the 385,024-byte file, which is mostly system pages.
      expect(data.bytes).toBeGreaterThan(80 * 8);
      expect(data.bytes).toBeLessThan(100_000);
      expect(dry.totals.bytes).toBe(data.bytes);
      expect(dry.bytesBasis).toMatch(/file's size apportioned by each table's rows × declared column widths/);
    } finally {
      await target.drop();
    }
  });
});
