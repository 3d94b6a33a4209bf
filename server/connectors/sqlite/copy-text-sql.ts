import type { ValueKind } from "@/server/typemap/value-kind";
import { quoteSqlite } from "./introspect";

const NULL = `'\\N'`;
// SQLite does not process backslashes in literals; these are COPY's own escapes, as in copy/copy-text.ts.
const ESCAPES: [string, string][] = [
  ["'\\'", "'\\\\'"],
  ["char(9)", "'\\t'"],
  ["char(10)", "'\\n'"],
  ["char(13)", "'\\r'"],
  ["char(8)", "'\\b'"],
  ["char(12)", "'\\f'"],
  ["char(11)", "'\\v'"],
];
const escaped = (c: string) => ESCAPES.reduce((expr, [from, to]) => `replace(${expr}, ${from}, ${to})`, c);

/**
 * The COPY text SQLite renders itself for one column, or NULL when the value needs the exact JS conversion
 * (copy/source-values.ts). A NULL makes the whole line NULL, which sends its page down the careful path.
 * Only values whose rendering is provably the JS path's are rendered here; CASE without ELSE does the rest.
 */
export function columnSql(kind: ValueKind, column: string): string {
  const c = quoteSqlite(column);
  const t = `typeof(${c})`;
  switch (kind) {
    case "int":
      return `CASE ${t} WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'null' THEN ${NULL} END`;
    case "float":
      // 17 significant digits always round-trip a binary64 exactly; infinities take the careful path.
      return `CASE ${t} WHEN 'real' THEN CASE WHEN abs(${c}) < 9e999 THEN printf('%!.17g', ${c}) END WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'null' THEN ${NULL} END`;
    case "numeric":
      // A decimal takes the shortest decimal of a REAL; SQLite's 15-digit text is exactly that when it round-trips.
      return `CASE ${t} WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'real' THEN CASE WHEN CAST(CAST(${c} AS TEXT) AS REAL) = ${c} AND abs(${c}) < 9e999 THEN CAST(${c} AS TEXT) END WHEN 'null' THEN ${NULL} END`;
    case "text":
    case "json":
      return `CASE ${t} WHEN 'text' THEN CASE WHEN instr(${c}, char(0)) = 0 THEN ${escaped(c)} END WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'null' THEN ${NULL} END`;
    case "date":
    case "timestamp":
    case "timestamptz":
      return `CASE ${t} WHEN 'text' THEN CASE WHEN instr(${c}, char(0)) = 0 THEN ${escaped(c)} END WHEN 'null' THEN ${NULL} END`;
    case "bool":
      return `CASE ${t} WHEN 'integer' THEN CASE ${c} WHEN 1 THEN 't' WHEN 0 THEN 'f' END WHEN 'null' THEN ${NULL} END`;
    case "bytea":
      return `CASE ${t} WHEN 'blob' THEN '\\\\x' || lower(hex(${c})) WHEN 'null' THEN ${NULL} END`;
  }
}

/** Leaves out rejected rows: the last parameter is a JSON array of their rowids (as strings: exact past 2^53). */
export const skipRowidsSql = (rowid: string) =>
  ` AND ${rowid} NOT IN (SELECT CAST(value AS INTEGER) FROM json_each(?))`;

/** One page of COPY text: the rows whose rowid is in (lo, hi], in any order (COPY does not care). */
export function rangeSql(
  table: string,
  rowid: string,
  columns: { name: string; kind: ValueKind }[],
  skip = false,
): string {
  const line = `${columns.map((c) => columnSql(c.kind, c.name)).join(" || char(9) || ")} || char(10)`;
  return (
    // As a BLOB: SQLite's own bytes, so text that is not valid UTF-8 is seen, never silently replaced.
    `SELECT CAST(group_concat(line, '') AS BLOB) AS text, count(*) AS n, count(line) AS rendered ` +
    // LIMIT -1 keeps SQLite from flattening the subquery, which would render every line twice.
    `FROM (SELECT ${line} AS line FROM ${quoteSqlite(table)} WHERE ${rowid} > ? AND ${rowid} <= ?${skip ? skipRowidsSql(rowid) : ""} LIMIT -1)`
  );
}
