import type Database from "better-sqlite3";
import type { CopyTextChunk } from "@/server/connectors/connector";
import { isUtf8 } from "node:buffer";
import type { RowReject } from "@/server/connectors/connector";
import { ConversionError } from "@/server/copy/conversion-error";
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
  /** Takes rows that cannot land (left out of the copy); without it such a row fails the copy. */
  onReject?: (r: RowReject) => void;
}): AsyncGenerator<CopyTextChunk> {
  const { database, table, columns } = opts;
  const skip = opts.exclude?.length ? JSON.stringify(opts.exclude) : undefined;
  const rowid = rowidAlias(
    database,
    table,
    columns.map((c) => c.name),
  );
  if (!rowid) {
    if (skip) throw new Error(`Table "${table}" has no rowid, so rejected rows cannot be left out of it.`);
    yield* carefulPages(
      database.prepare(`SELECT ${carefulSelect(columns, null)} FROM ${quoteSqlite(table)}`),
      [],
      columns,
      opts.pageRows,
      opts.onReject,
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
    `SELECT ${carefulSelect(columns, rowid)} FROM ${quoteSqlite(table)} WHERE ${rowid} > ? AND ${rowid} <= ?${skip ? skipRowidsSql(rowid) : ""}`,
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
    else
      yield* carefulPages(
        careful,
        skip ? [...ranges[i]!, skip] : ranges[i]!,
        columns,
        opts.pageRows,
        opts.onReject,
      );
  }
}

const TEXTLIKE = new Set<ValueKind>(["text", "json", "date", "timestamp", "timestamptz"]);

/** The careful query: the row's key first, and text read as its stored bytes so UTF-8 can be checked. */
function carefulSelect(columns: { name: string; kind: ValueKind }[], key: string | null): string {
  const parts = columns.map((c) => {
    const q = quoteSqlite(c.name);
    return TEXTLIKE.has(c.kind)
      ? `typeof(${q}), CASE WHEN typeof(${q}) = 'text' THEN CAST(${q} AS BLOB) ELSE ${q} END`
      : q;
  });
  return [key ?? "NULL", ...parts].join(", ");
}

/**
 * Value by value in JS, with the copy's own conversion. A row that cannot land goes to `onReject` (and is
 * left out) when the caller takes rejects; otherwise it fails the copy with its column and reason.
 */
async function* carefulPages(
  stmt: Database.Statement,
  args: unknown[],
  columns: { name: string; kind: ValueKind }[],
  pageRows: number,
  onReject: ((r: RowReject) => void) | undefined,
): AsyncGenerator<CopyTextChunk> {
  let text = "";
  let rows = 0;
  let ordinal = 0;
  for (const raw of stmt
    .raw(true)
    .safeIntegers(true)
    .iterate(...args) as IterableIterator<unknown[]>) {
    ordinal++;
    const key = raw[0] === null ? `row ${ordinal}` : String(raw[0]);
    const fields: (string | null)[] = [];
    let at = 1;
    let rejected = false;
    for (const c of columns) {
      let v = raw[at++];
      if (TEXTLIKE.has(c.kind)) {
        const type = v as string;
        v = raw[at++];
        if (type === "text" && Buffer.isBuffer(v)) {
          if (!isUtf8(v)) {
            const reason =
              "text that is not valid UTF-8 (PostgreSQL would refuse it; a lossy decode would alter it)";
            if (!onReject)
              throw new ConversionError(c.name, `0x${v.subarray(0, 24).toString("hex")}`, reason);
            onReject({ key, column: c.name, value: `0x${v.subarray(0, 24).toString("hex")}`, reason });
            rejected = true;
            break;
          }
          v = v.toString("utf8");
        }
      }
      try {
        fields.push(toInputText(c.kind, v, c.name));
      } catch (err) {
        if (!(err instanceof ConversionError) || !onReject) throw err;
        onReject({ key, column: c.name, value: err.value, reason: err.reason });
        rejected = true;
        break;
      }
    }
    if (rejected) continue;
    text += copyLine(fields);
    if (++rows === pageRows) {
      yield { bytes: encoder.encode(text), rows };
      text = "";
      rows = 0;
    }
  }
  if (rows) yield { bytes: encoder.encode(text), rows };
}
