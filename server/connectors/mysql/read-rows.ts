import type { Connection as CoreConnection } from "mysql2";
import type { Connection } from "mysql2/promise";
import type { CatalogColumn, CatalogTable } from "@/server/catalog/catalog";
import type { ReadRowsOptions } from "@/server/connectors/connector";
import { ConversionError, preview } from "@/server/copy/conversion-error";
import { enumValues } from "@/server/typemap/mysql-types";
import { quoteMysql } from "./introspect";

type Convert = (v: unknown) => unknown;

const baseType = (declared: string) => /^[a-z]+/.exec(declared.trim().toLowerCase())?.[0] ?? "";
const STRINGS = new Set(["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"]);
const ZERO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME = /^(-)?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/;
// array_out quotes an element that is empty, NULL, or holds a delimiter, quote, backslash, brace or space.
const NEEDS_QUOTES = /^$|^null$|[{}",\\ \t\n\r\v\f]/i;

/** A SET value ("a,b") as the text[] literal PostgreSQL prints back, so copy and verification agree. */
export function setLiteral(v: string): string {
  if (v === "") return "{}";
  const items = v
    .split(",")
    .map((s) => (NEEDS_QUOTES.test(s) ? `"${s.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : s));
  return `{${items.join(",")}}`;
}

/** BIT(n) arrives as big-endian bytes; PostgreSQL's bit(n) takes exactly n binary digits. */
export function bitString(v: Buffer, width: number): string {
  let bits = "";
  for (const byte of v) bits += byte.toString(2).padStart(8, "0");
  return bits.slice(-width).padStart(width, "0");
}

/** TIME as PostgreSQL's time prints it (no trailing fraction zeros); durations outside a day are refused. */
export function timeOfDay(v: string, column: string): string {
  const m = TIME.exec(v);
  if (!m || m[1] || Number(m[2]) > 23)
    throw new ConversionError(
      column,
      preview(v),
      "a MySQL TIME outside 00:00:00–23:59:59 (a duration) does not fit PostgreSQL's time of day; convert the column (e.g. to seconds) or leave the table out",
    );
  const frac = (m[5] ?? "").replace(/0+$/, "");
  return `${m[2]!.padStart(2, "0")}:${m[3]}:${m[4]}${frac ? `.${frac}` : ""}`;
}

/** Per column: the SELECT expression and the conversion of what mysql2 returns. */
export function columnReaders(columns: CatalogColumn[]): { expr: string; convert: Convert | null }[] {
  return columns.map((c) => {
    const q = quoteMysql(c.name);
    const base = baseType(c.declaredType);
    switch (base) {
      case "float":
        // The text protocol prints FLOAT with 6 digits; as DOUBLE it arrives exactly.
        return { expr: `CAST(${q} AS DOUBLE)`, convert: null };
      case "bit": {
        const width = Number(/\((\d+)\)/.exec(c.declaredType)?.[1] ?? 1);
        return { expr: q, convert: (v) => (Buffer.isBuffer(v) ? bitString(v, width) : v) };
      }
      case "set":
        return { expr: q, convert: (v) => (typeof v === "string" ? setLiteral(v) : v) };
      case "enum": {
        const allowed = new Set(enumValues(c.declaredType));
        return {
          expr: q,
          convert: (v) => {
            if (typeof v === "string" && !allowed.has(v))
              throw new ConversionError(
                c.name,
                preview(v),
                "not one of the ENUM's values (MySQL stores '' for an invalid value in non-strict mode); fix those rows in the source",
              );
            return v;
          },
        };
      }
      case "time":
        return { expr: q, convert: (v) => (typeof v === "string" ? timeOfDay(v, c.name) : v) };
      case "date":
      case "datetime":
      case "timestamp": {
        const utc = base === "timestamp";
        return {
          expr: q,
          convert: (v) => {
            if (typeof v !== "string") return v;
            const m = ZERO_DATE.exec(v);
            if (m && (m[1] === "0000" || m[2] === "00" || m[3] === "00")) {
              if (c.nullable) return null;
              throw new ConversionError(
                c.name,
                preview(v),
                "a zero date in a NOT NULL column; PostgreSQL has no such date. Fix the rows in the source",
              );
            }
            return utc ? `${v}+00` : v;
          },
        };
      }
    }
    return { expr: q, convert: null };
  });
}

/**
 * Streams a table with mysql2's row stream: the socket pauses while the consumer is behind, so memory holds
 * at most one batch. Key order (for verification) sorts character keys by their UTF-8 bytes, as the target
 * sorts them with COLLATE "C"; MySQL's own collations would ignore case and trailing spaces.
 */
export async function* readMysqlRows(
  conn: Connection,
  table: CatalogTable,
  opts: ReadRowsOptions,
): AsyncGenerator<unknown[][]> {
  const columns = opts.columns.map((name) => {
    const c = table.columns.find((col) => col.name === name);
    if (!c) throw new Error(`Table "${table.name}" has no column "${name}".`);
    return c;
  });
  const readers = columnReaders(columns);
  const keys = opts.orderByKey && table.primaryKey ? table.primaryKey : [];
  const order = keys.length
    ? ` ORDER BY ${keys
        .map((k) => {
          const c = table.columns.find((col) => col.name === k)!;
          const q = quoteMysql(k);
          return STRINGS.has(baseType(c.declaredType)) ? `CAST(CONVERT(${q} USING utf8mb4) AS BINARY)` : q;
        })
        .join(", ")}`
    : "";
  const sql = `SELECT ${readers.map((r) => r.expr).join(", ")} FROM ${quoteMysql(table.name)}${order}`;
  // The promise wrapper's underlying connection: only it streams (the typings leave it out).
  const core = (conn as unknown as { connection: CoreConnection }).connection;
  const stream = core.query({ sql, rowsAsArray: true }).stream({ highWaterMark: opts.batchRows });
  let batch: unknown[][] = [];
  for await (const raw of stream as AsyncIterable<unknown[]>) {
    const row = raw;
    for (let i = 0; i < readers.length; i++) {
      const convert = readers[i]!.convert;
      if (convert) row[i] = convert(row[i]);
    }
    batch.push(row);
    if (batch.length >= opts.batchRows) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
