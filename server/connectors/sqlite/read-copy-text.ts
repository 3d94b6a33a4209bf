import type Database from "better-sqlite3";
import type { CopyTextChunk } from "@/server/connectors/connector";
import { copyLine } from "@/server/copy/copy-text";
import { toInputText } from "@/server/copy/source-values";
import type { ValueKind } from "@/server/typemap/value-kind";
import { rangeSql, skipRowidsSql } from "./copy-text-sql";
import { quoteSqlite } from "./introspect";
import type { PageRenderer } from "./render-pool";

const IN_FLIGHT = 4;
const encoder = new TextEncoder();

/** The name that reaches the rowid, unless every alias is shadowed by a column or the table has none. */
export function rowidAlias(
  database: Database.Database,
  table: string,
  columns: readonly string[],
): string | null {
  const info = database.pragma(`table_list(${quoteSqlite(table)})`) as { wr: number }[];
  if (info[0]?.wr === 1) return null;
  const taken = new Set(columns.map((c) => c.toLowerCase()));
  return ["rowid", "_rowid_", "oid"].find((a) => !taken.has(a)) ?? null;
}

/**
 * COPY text for a whole table in fixed-width rowid pages. SQLite renders clean pages itself (the fast
 * path, on the render threads); a page holding any value that needs exact conversion is rendered again
 * value by value in JS, where a value that cannot land fails with its column and reason.
 */
export async function* readCopyText(opts: {
  database: Database.Database;
  file: string;
  table: string;
  columns: { name: string; kind: ValueKind }[];
  pageRows: number;
  render: PageRenderer;
  /** Rowids of rejected rows, left out of every page. */
  exclude?: readonly string[];
}): AsyncGenerator<CopyTextChunk> {
  const { database, table, columns } = opts;
  const skip = opts.exclude?.length ? JSON.stringify(opts.exclude) : undefined;
  const list = columns.map((c) => quoteSqlite(c.name)).join(", ");
  const rowid = rowidAlias(
    database,
    table,
    columns.map((c) => c.name),
  );
  if (!rowid) {
    if (skip) throw new Error(`Table "${table}" has no rowid, so rejected rows cannot be left out of it.`);
    yield* carefulPages(
      database.prepare(`SELECT ${list} FROM ${quoteSqlite(table)}`),
      [],
      columns,
      opts.pageRows,
    );
    return;
  }
  const bounds = database
    .prepare(`SELECT min(${rowid}) AS lo, max(${rowid}) AS hi, count(*) AS n FROM ${quoteSqlite(table)}`)
    .safeIntegers(true)
    .get() as { lo: bigint | null; hi: bigint | null; n: bigint };
  if (bounds.lo === null || bounds.hi === null) return;
  const span = bounds.hi - bounds.lo + 1n;
  const pages = (bounds.n + BigInt(opts.pageRows) - 1n) / BigInt(opts.pageRows);
  const width = span / (pages > 0n ? pages : 1n) + 1n;
  const sql = rangeSql(table, rowid, columns, skip !== undefined);
  const careful = database.prepare(
    `SELECT ${list} FROM ${quoteSqlite(table)} WHERE ${rowid} > ? AND ${rowid} <= ?${skip ? skipRowidsSql(rowid) : ""}`,
  );

  const ranges: [bigint, bigint][] = [];
  for (let lo = bounds.lo - 1n; lo < bounds.hi; lo += width)
    ranges.push([lo, lo + width < bounds.hi ? lo + width : bounds.hi]);
  const inFlight = ranges
    .slice(0, IN_FLIGHT)
    .map(([lo, hi]) => opts.render({ file: opts.file, sql, lo: lo.toString(), hi: hi.toString(), skip }));
  for (let i = 0; i < ranges.length; i++) {
    const page = await inFlight[i]!;
    const next = ranges[i + IN_FLIGHT];
    if (next)
      inFlight.push(
        opts.render({ file: opts.file, sql, lo: next[0].toString(), hi: next[1].toString(), skip }),
      );
    inFlight[i] = undefined as never; // let the page's bytes go once written
    if (page.n === 0) continue;
    if (page.rendered === page.n) yield { bytes: page.bytes, rows: page.n };
    else yield* carefulPages(careful, skip ? [...ranges[i]!, skip] : ranges[i]!, columns, opts.pageRows);
  }
}

async function* carefulPages(
  stmt: Database.Statement,
  args: unknown[],
  columns: { name: string; kind: ValueKind }[],
  pageRows: number,
): AsyncGenerator<CopyTextChunk> {
  let text = "";
  let rows = 0;
  for (const row of stmt
    .raw(true)
    .safeIntegers(true)
    .iterate(...args) as IterableIterator<unknown[]>) {
    text += copyLine(columns.map((c, i) => toInputText(c.kind, row[i], c.name)));
    if (++rows === pageRows) {
      yield { bytes: encoder.encode(text), rows };
      text = "";
      rows = 0;
    }
  }
  if (rows) yield { bytes: encoder.encode(text), rows };
}
