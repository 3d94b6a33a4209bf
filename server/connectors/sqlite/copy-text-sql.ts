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
// Most text holds none of them: GLOB finds out in one pass, where the seven replace() calls copy the value seven times.
const SPECIAL = `'*[' || char(92, 9, 10, 13, 8, 12, 11) || ']*'`;
const escaped = (c: string) =>
  `CASE WHEN ${c} GLOB ${SPECIAL} THEN ${ESCAPES.reduce((expr, [from, to]) => `replace(${expr}, ${from}, ${to})`, c)} ELSE ${c} END`;

/**
 * The COPY text SQLite renders itself for one column, or NULL when the value needs the exact JS conversion
 * (copy/source-values.ts). A NULL makes the whole line NULL, which sends its page down the careful path.
 * Only values whose rendering is provably the JS path's are rendered here; CASE without ELSE does the rest.
 * `asText` names the column's value already cast to text (rangeSql casts a numeric column's REAL once).
 */
export function columnSql(kind: ValueKind, column: string, asText?: string): string {
  const c = quoteSqlite(column);
  const t = `typeof(${c})`;
  const text = asText ?? `CAST(${c} AS TEXT)`;
  switch (kind) {
    case "int":
      return `CASE ${t} WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'null' THEN ${NULL} END`;
    case "float":
      // 17 significant digits always round-trip a binary64 exactly; infinities take the careful path.
      return `CASE ${t} WHEN 'real' THEN CASE WHEN abs(${c}) < 9e999 THEN printf('%!.17g', ${c}) END WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'null' THEN ${NULL} END`;
    case "numeric":
      // A decimal takes the shortest decimal of a REAL; SQLite's 15-digit text is exactly that when it round-trips.
      return `CASE ${t} WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'real' THEN CASE WHEN CAST(${text} AS REAL) = ${c} AND abs(${c}) < 9e999 THEN ${text} END WHEN 'null' THEN ${NULL} END`;
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

/**
 * One page of COPY text: the rows whose rowid is in (lo, hi], in any order (COPY does not care). A numeric
 * column's REAL is cast to text once, in the inner query, for both its round-trip check and its text.
 */
export function rangeSql(
  table: string,
  rowid: string,
  columns: { name: string; kind: ValueKind }[],
  skip = false,
): string {
  const taken = new Set(columns.map((c) => c.name.toLowerCase()));
  let prefix = "ferry_text_";
  while (columns.some((_, i) => taken.has(`${prefix}${i}`))) prefix = `_${prefix}`;
  const alias = (i: number) => quoteSqlite(`${prefix}${i}`);
  const casts = columns.flatMap((c, i) =>
    c.kind === "numeric" ? [`CAST(${quoteSqlite(c.name)} AS TEXT) AS ${alias(i)}`] : [],
  );
  const line = `${columns
    .map((c, i) => columnSql(c.kind, c.name, c.kind === "numeric" ? alias(i) : undefined))
    .join(" || char(9) || ")} || char(10)`;
  const where = `WHERE ${rowid} > ? AND ${rowid} <= ?${skip ? skipRowidsSql(rowid) : ""}`;
  // LIMIT -1 keeps SQLite from flattening a subquery, which would compute its expressions again.
  const rows = casts.length
    ? `(SELECT ${[...columns.map((c) => quoteSqlite(c.name)), ...casts].join(", ")} FROM ${quoteSqlite(table)} ${where} LIMIT -1)`
    : `${quoteSqlite(table)} ${where}`;
  return (
    // As a BLOB: SQLite's own bytes, so text that is not valid UTF-8 is seen, never silently replaced.
    `SELECT CAST(group_concat(line, '') AS BLOB) AS text, count(*) AS n, count(line) AS rendered ` +
    `FROM (SELECT ${line} AS line FROM ${rows} LIMIT -1)`
  );
}
