import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type MDBReader from "mdb-reader";
import type { Column } from "mdb-reader";
import type { TextDecoder } from "./decode-text";

const DAY_MS = 86_400_000;
const ACCESS_EPOCH_MS = Date.UTC(1899, 11, 30);
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * An Access Date/Time as PostgreSQL timestamp text. Access stores days since 1899-12-30 as a double whose
 * fraction is the time of day even before that date (-1.25 is 1899-12-29 06:00); mdb-reader 3.2.0 treats it
 * as a plain linear number (giving 1899-12-28 18:00), so negative values with a time are turned back here.
 */
export function accessDateText(d: Date): string {
  let ms = d.getTime();
  const days = (ms - ACCESS_EPOCH_MS) / DAY_MS;
  if (days < 0 && !Number.isInteger(days)) {
    const whole = Math.ceil(days);
    ms = ACCESS_EPOCH_MS + Math.round((2 * whole - days) * DAY_MS);
  }
  const t = new Date(ms);
  const y = t.getUTCFullYear();
  return (
    `${pad(y, 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`
  );
}

/**
 * "Date/Time Extended" as mdb-reader gives it ("2021.06.14 22:45:12.345678900", 100 ns steps) → timestamp
 * text with microseconds: PostgreSQL keeps no finer, so the seventh fraction digit is cut, not rounded.
 */
export function extendedDateText(s: string): string {
  const m = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return s;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? "").slice(0, 6).padEnd(6, "0")}`;
}

/** One mdb-reader value → what copy/source-values.ts takes for the column's value kind. */
export function convertValue(col: Column, v: unknown, decode: TextDecoder): unknown {
  if (v === null || v === undefined) return null;
  switch (col.type) {
    case "datetime":
      return v instanceof Date ? accessDateText(v) : v;
    case "datetimextended":
      return typeof v === "string" ? extendedDateText(v) : v;
    case "text":
    case "memo":
      return decode && typeof v === "string" ? decode(v, col.name) : v;
    default:
      return v;
  }
}

/**
 * Rows in storage order, `batchRows` at a time: mdb-reader decodes only the rows of the pages asked for
 * (rowOffset/rowLimit), so at most one batch of values is alive. The file itself is one Buffer in memory.
 */
export async function* readAccessRows(
  reader: MDBReader,
  tableName: string,
  columnNames: readonly string[],
  batchRows: number,
  decode: TextDecoder,
): AsyncIterable<unknown[][]> {
  const table = reader.getTable(tableName);
  const byName = new Map(table.getColumns().map((c) => [c.name, c]));
  const cols = columnNames.map((n) => {
    const c = byName.get(n);
    if (!c) throw new Error(`Table "${tableName}" has no column "${n}".`);
    return c;
  });
  // Until a short page, not up to the header's row count: the rows themselves are the truth.
  for (let offset = 0; ;) {
    const want = batchRows;
    const data = table.getData({ columns: columnNames, rowOffset: offset, rowLimit: want }) as Record<
      string,
      unknown
    >[];
    if (data.length) yield data.map((row) => cols.map((c) => convertValue(c, row[c.name], decode)));
    if (data.length < want) break;
    offset += data.length;
    await yieldToEventLoop();
  }
}
