// Ferry's verification of one 1M-row PostgreSQL table against two baselines: count(*) on both sides, and a full
// read (COPY … TO STDOUT, drained) of both sides. Source and target are two databases on 127.0.0.1:5432 with the
// same generated rows. Then one value is changed and one row deleted on the target, and the verification runs
// again to show what narrowing the differences costs.
//
//   node --import tsx bench/verify-bench.ts [rows]
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { TablePlan } from "@/server/plan/build-plan";
import { targetChecksum } from "@/server/verify/checksum-table";
import { compareKeyedPg } from "@/server/verify/compare-table";
import { PgSide } from "@/server/verify/pg-side";
import { verifyContents } from "@/server/verify/verify-contents";
import { recreateDatabase } from "./generate-postgres";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SOURCE = "ferry_vbench_source";
const TARGET = "ferry_vbench_target";
const url = (db: string) => `postgres://postgres@127.0.0.1:5432/${db}`;

const GENERATE = `
  SET synchronous_commit = off;
  CREATE TABLE items (
    id bigint PRIMARY KEY, sku text NOT NULL, title text, price numeric(10,2), weight double precision,
    active boolean NOT NULL, added_at timestamptz NOT NULL, thumb bytea);
  INSERT INTO items
  SELECT g, 'SKU-' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'Item ' || g || ' — größe ' || (g % 13) END,
         (g % 100000) / 100.0, g / 3.0, g % 2 = 0,
         timestamptz '2020-01-01 00:00:00+00' + (g % 86400) * interval '1 second',
         CASE WHEN g % 5 = 0 THEN decode(md5(g::text), 'hex') END
    FROM generate_series(1, $1::int) g;
  ANALYZE items;`;

const col = (name: string, pgType: string, kind: TablePlan["columns"][number]["kind"], nullable = true) => ({
  source: name,
  target: name,
  pgType,
  kind,
  nullable,
});

const plan: TablePlan = {
  schema: "public",
  source: {
    schema: "public",
    name: "items",
    columns: [],
    primaryKey: ["id"],
    autoKey: null,
    foreignKeys: [],
    indexes: [],
    rowCount: ROWS,
  },
  target: "items",
  columns: [
    col("id", "bigint", "int", false),
    col("sku", "text", "text", false),
    col("title", "text", "text"),
    col("price", "numeric(10,2)", "numeric"),
    col("weight", "double precision", "float"),
    col("active", "boolean", "bool", false),
    col("added_at", "timestamp with time zone", "timestamptz", false),
    col("thumb", "bytea", "bytea"),
  ],
  primaryKey: ["id"],
  identity: null,
  foreignKeys: [],
  indexes: [],
  rowCount: ROWS,
};

async function connect(db: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url(db) });
  await c.connect();
  await c.query("SET TimeZone = 'UTC'");
  return c;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [(performance.now() - t) / 1000, r];
}

async function drain(c: pg.Client): Promise<number> {
  let bytes = 0;
  for await (const chunk of c.query(copyTo("COPY items TO STDOUT"))) bytes += (chunk as Buffer).length;
  return bytes;
}

async function main() {
  await Promise.all([recreateDatabase(SOURCE), recreateDatabase(TARGET)]);
  const [src, tgt] = await Promise.all([connect(SOURCE), connect(TARGET)]);
  try {
    const [genSeconds] = await timed(() =>
      Promise.all([
        src.query(GENERATE.replace("$1::int", String(ROWS))),
        tgt.query(GENERATE.replace("$1::int", String(ROWS))),
      ]),
    );
    const verify = () => verifyContents(tgt, plan, { kind: "pg", session: (fn) => fn(src) }, () => undefined);
    // What a run of one major version with built-in types does: both sides' binary COPY hashed first.
    const verifyBinary = () =>
      verifyContents(tgt, plan, { kind: "pg", session: (fn) => fn(src), binary: true }, () => undefined);

    const [countSeconds] = await timed(() =>
      Promise.all([src.query("SELECT count(*) FROM items"), tgt.query("SELECT count(*) FROM items")]),
    );
    const [readSeconds, bytes] = await timed(() => Promise.all([drain(src), drain(tgt)]));
    const [verifySeconds, clean] = await timed(verify);
    const [binarySeconds, binaryClean] = await timed(verifyBinary);
    // Its two parts: the whole-table checksums (COPY of canonical text, hashed in Node) and the segments (SQL).
    const [wholeSeconds] = await timed(() =>
      Promise.all([targetChecksum(src, "public", plan), targetChecksum(tgt, "public", plan)]),
    );
    const [segmentSeconds] = await timed(() =>
      compareKeyedPg(
        plan,
        new PgSide(src, "public", plan),
        new PgSide(tgt, "public", plan),
        () => undefined,
        {
          source: ROWS,
          target: ROWS,
        },
      ),
    );

    await tgt.query("UPDATE items SET title = 'tampered' WHERE id = 777777 % $1 + 1", [ROWS]);
    await tgt.query("DELETE FROM items WHERE id = 123456 % $1 + 1", [ROWS]);
    const [tamperedSeconds, tampered] = await timed(verify);
    const [binaryTamperedSeconds, binaryTampered] = await timed(verifyBinary);

    const figures = {
      rows: ROWS,
      generateSeconds: +genSeconds.toFixed(2),
      countBothSeconds: +countSeconds.toFixed(2),
      copyOutBothSeconds: +readSeconds.toFixed(2),
      copyOutMiBPerSide: +(bytes[0] / 1024 ** 2).toFixed(1),
      ferryVerifySeconds: +verifySeconds.toFixed(2),
      ferryVerifyBinarySeconds: +binarySeconds.toFixed(2),
      ferryVerifyBinaryMatch: binaryClean.source.checksum === binaryClean.target.checksum,
      ferryWholeTableChecksumsSeconds: +wholeSeconds.toFixed(2),
      ferrySegmentComparisonSeconds: +segmentSeconds.toFixed(2),
      ferryVerifySegments: clean.comparison.segments,
      ferryVerifyMatch: clean.source.checksum === clean.target.checksum,
      ferryVerifyWithDifferencesSeconds: +tamperedSeconds.toFixed(2),
      differencesFound: tampered.comparison.differences.count,
      ferryVerifyBinaryWithDifferencesSeconds: +binaryTamperedSeconds.toFixed(2),
      binaryDifferencesFound: binaryTampered.comparison.differences.count,
      firstDifferences: tampered.comparison.differences.items,
      note: "one run on a shared 2-core machine; source and target are databases of the same local PostgreSQL",
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await Promise.all([src.end(), tgt.end()]);
  }
}

await main();
