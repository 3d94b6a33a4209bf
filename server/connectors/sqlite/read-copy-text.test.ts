import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { copyLine } from "@/server/copy/copy-text";
import { toInputText } from "@/server/copy/source-values";
import type { ValueKind } from "@/server/typemap/value-kind";
import { readCopyText } from "./read-copy-text";
import { rangeSql } from "./copy-text-sql";
import { forgetFile, renderPage } from "./render-page";
import { inlineRenderer } from "./render-pool";

const COLUMNS: { name: string; kind: ValueKind }[] = [
  { name: "id", kind: "int" },
  { name: "n", kind: "int" },
  { name: "f", kind: "float" },
  { name: "d", kind: "numeric" },
  { name: "t", kind: "text" },
  { name: "b", kind: "bool" },
  { name: "at", kind: "timestamp" },
  { name: "bin", kind: "bytea" },
];

const ROWS: unknown[][] = [
  [1, 2n ** 62n, 0.1, 12.34, "plain", 1, "2009-01-01 00:00:00", Buffer.from([0, 1, 255])],
  [2, -5, 1 / 3, 0.1 + 0.2, "tab\there\nnew\\line\r\b\f\v", 0, "2009-01-01T10:00:00.5", null],
  [3, null, 1e21, 1e21, "ünïcode 한국어 🚀", null, null, Buffer.alloc(0)],
  [4, "12", 5e-324, "7.50", 42, 1, "2020-02-29", "text in a blob column"],
  [5, 3.0, 100, 100, "", 0, "1999-12-31 23:59:59", null],
  [6, 7, -0.0, -0.001, "'quotes' \"double\"", 1, "2001-01-01", Buffer.from("x")],
  [7, 8, 2.5, 1.005, "end", 0, "2002-02-02", null],
];

const FILE = path.join(mkdtempSync(path.join(tmpdir(), "ferry-copy-text-")), "fixture.sqlite");

function fixture(): Database.Database {
  forgetFile(FILE);
  rmSync(FILE, { force: true });
  const db = new Database(FILE);
  db.exec(
    `CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, d NUMERIC(10,2), t TEXT, b BOOLEAN, at DATETIME, bin BLOB)`,
  );
  const insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const r of ROWS) insert.run(...r);
  return db;
}

async function fastText(db: Database.Database, pageRows: number): Promise<{ text: string; rows: number }> {
  let text = "";
  let rows = 0;
  for await (const chunk of readCopyText({
    database: db,
    file: FILE,
    table: "t",
    columns: COLUMNS,
    pageRows,
    render: inlineRenderer,
  })) {
    text += Buffer.from(chunk.bytes).toString("utf8");
    rows += chunk.rows;
  }
  return { text, rows };
}

function jsText(db: Database.Database): string {
  const rows = db
    .prepare("SELECT id, n, f, d, t, b, at, bin FROM t ORDER BY rowid")
    .raw(true)
    .safeIntegers(true)
    .all() as unknown[][];
  return rows.map((r) => copyLine(COLUMNS.map((c, i) => toInputText(c.kind, r[i], c.name)))).join("");
}

const numericValue = (field: string) => (field === "\\N" ? null : Number(field));

describe("SQLite COPY text fast path", () => {
  it("renders every row exactly as the JS conversion would, whatever the page size", async () => {
    const db = fixture();
    const expected = jsText(db);
    for (const pageRows of [1, 2, 3, 100]) {
      const fast = await fastText(db, pageRows);
      expect(fast.rows).toBe(ROWS.length);
      // Numbers may be spelled differently (1.0e+21 vs 1e+21) but must be the same value; all else byte-equal.
      const a = fast.text.split("\n").map((l) => l.split("\t"));
      const b = expected.split("\n").map((l) => l.split("\t"));
      expect(a.length).toBe(b.length);
      a.forEach((fields, row) =>
        fields.forEach((f, col) => {
          const kind = COLUMNS[col]?.kind;
          if (kind === "float" || kind === "numeric")
            expect(numericValue(f), `row ${row} col ${col}`).toBe(numericValue(b[row]![col]!));
          else expect(f, `row ${row} col ${col}`).toBe(b[row]![col]);
        }),
      );
    }
  });

  it("keeps 64-bit integers exact and floats bit-exact", async () => {
    const { text } = await fastText(fixture(), 100);
    expect(text).toContain(`1\t${2n ** 62n}\t`);
    expect(text.split("\n")[1]!.split("\t")[2]).toBe(String(1 / 3));
  });

  it("fails clearly on a value that cannot land", async () => {
    const db = fixture();
    db.exec("INSERT INTO t (id, n) VALUES (8, 'not a number')");
    await expect(fastText(db, 3)).rejects.toThrow(/column "n": not a whole number/);
  });

  it("renders text with COPY's escapes and decimals inside SQLite, without falling back to JS", () => {
    forgetFile(FILE);
    rmSync(FILE, { force: true });
    const db = new Database(FILE);
    // A user column named like the alias the numeric casts would take.
    db.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, t TEXT, d NUMERIC(10,2), ferry_text_2 NUMERIC)`);
    db.prepare("INSERT INTO p VALUES (?, ?, ?, ?)").run(1, "tab\there\\ new\nline", 12.34, 7);
    db.prepare("INSERT INTO p VALUES (?, ?, ?, ?)").run(2, "plain", -0.5, 1.25);
    db.close();
    const columns: { name: string; kind: ValueKind }[] = [
      { name: "id", kind: "int" },
      { name: "t", kind: "text" },
      { name: "d", kind: "numeric" },
      { name: "ferry_text_2", kind: "numeric" },
    ];
    const page = renderPage({ file: FILE, sql: rangeSql("p", "rowid", columns), lo: "0", hi: "2" });
    expect(page).toMatchObject({ n: 2, rendered: 2 });
    expect(Buffer.from(page.bytes).toString("utf8")).toBe(
      "1\ttab\\there\\\\ new\\nline\t12.34\t7\n2\tplain\t-0.5\t1.25\n",
    );
  });
});
