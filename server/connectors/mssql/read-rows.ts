import type { CatalogTable } from "@/server/catalog/catalog";
import type { SourceName } from "./build-catalog";

export const quoteMssql = (name: string) => `[${name.replaceAll("]", "]]")}]`;

const baseType = (declared: string) => declared.replace(/\(.*$/, "").trim().toLowerCase();

/**
 * One column of the SELECT. tedious turns decimal, numeric and money into JS numbers (binary64), which would
 * round decimal(38,s) and large money values; SQL Server renders them as exact text instead (money style 2:
 * four decimals, no thousands separators).
 */
function selectExpression(column: string, declared: string): string {
  const c = quoteMssql(column);
  switch (baseType(declared)) {
    case "decimal":
    case "numeric":
      return `CONVERT(varchar(48), ${c})`;
    case "money":
    case "smallmoney":
      return `CONVERT(varchar(32), ${c}, 2)`;
    default:
      return c;
  }
}

/**
 * Key order as PostgreSQL orders the copied key for verification: text bytewise (COLLATE "C"), uuid by its
 * bytes in printed order. SQL Server's default collations are case-insensitive and sort uniqueidentifier by
 * its last byte group first, so text keys compare by code point (a BIN2 collation, varchar through nvarchar
 * so code-page bytes do not decide) and uniqueidentifier by its printed text.
 */
function orderExpression(column: string, declared: string): string {
  const c = quoteMssql(column);
  switch (baseType(declared)) {
    case "nvarchar":
    case "nchar":
      return `${c} COLLATE Latin1_General_100_BIN2`;
    case "varchar":
    case "char":
      return `CONVERT(nvarchar(4000), ${c}) COLLATE Latin1_General_100_BIN2`;
    case "uniqueidentifier":
      return `CONVERT(char(36), ${c}) COLLATE Latin1_General_100_BIN2`;
    default:
      return c;
  }
}

/** The one streamed query that reads a table: its columns in order, in key order when asked. */
export function selectSql(
  source: SourceName,
  table: Pick<CatalogTable, "columns" | "primaryKey">,
  columns: readonly string[],
  orderByKey: boolean,
): string {
  const declared = (name: string) => {
    const col = table.columns.find((c) => c.name === name);
    if (!col)
      throw new Error(`Column "${name}" is not in the catalog of [${source.schema}].[${source.name}].`);
    return col.declaredType;
  };
  const list = columns.map((c) => selectExpression(c, declared(c))).join(", ");
  const order =
    orderByKey && table.primaryKey?.length
      ? ` ORDER BY ${table.primaryKey.map((k) => orderExpression(k, declared(k))).join(", ")}`
      : "";
  return `SELECT ${list} FROM ${quoteMssql(source.schema)}.${quoteMssql(source.name)}${order}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** tedious's Date for time/datetime2/datetimeoffset carries the 100-ns ticks below the millisecond apart. */
function microseconds(d: Date): string {
  const delta = (d as Date & { nanosecondsDelta?: number }).nanosecondsDelta ?? 0;
  const ticks = Math.round(delta * 1e7); // 100-ns units within the millisecond, 0–9999
  // PostgreSQL keeps microseconds: the seventh digit is dropped, as the mapping says.
  return pad(d.getUTCMilliseconds() * 1000 + Math.floor(ticks / 10), 6);
}

const datePart = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const clockPart = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/**
 * A value as tedious delivers it (useUTC, lowerCaseGuids) → what copy/source-values.ts expects for the
 * column's mapped kind: dates and times as text in PostgreSQL's input format, GUIDs lower-case; numbers,
 * booleans, strings and Buffers pass through.
 */
export function fromTediousValue(declared: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const type = baseType(declared);
  if (v instanceof Date) {
    switch (type) {
      case "date":
        return datePart(v);
      case "time": {
        // As PostgreSQL prints time: fraction only when not zero, trailing zeros trimmed.
        const frac = microseconds(v).replace(/0+$/, "");
        return `${clockPart(v)}${frac ? `.${frac}` : ""}`;
      }
      case "datetimeoffset": // tedious gives the instant in UTC; the offset itself is not kept
        return `${datePart(v)} ${clockPart(v)}.${microseconds(v)}+00`;
      default:
        return `${datePart(v)} ${clockPart(v)}.${microseconds(v)}`;
    }
  }
  if (type === "uniqueidentifier" && typeof v === "string") return v.toLowerCase();
  return v;
}
