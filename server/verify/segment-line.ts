/**
 * The text of one row for segment and bucket hashes, the same in Node and in SQL: each canonical value
 * as PostgreSQL's quote_nullable prints it, comma-separated, newline-terminated. Unambiguous, and one
 * built-in call per value on the PostgreSQL side.
 */
export function quoteNullable(v: string | null): string {
  if (v === null) return "NULL";
  const body = v.replaceAll("'", "''");
  return v.includes("\\") ? `E'${body.replaceAll("\\", "\\\\")}'` : `'${body}'`;
}

export const segmentLine = (values: readonly (string | null)[]): string =>
  `${values.map(quoteNullable).join(",")}\n`;

/** The SQL twin of segmentLine over canonical expressions (canonicalSql). */
export const segmentLineSql = (exprs: readonly string[]): string =>
  `concat_ws(',', ${exprs.map((e) => `quote_nullable(${e})`).join(", ")}) || E'\\n'`;

/** At most `max` UTF-16 units, never cutting a surrogate pair in half; "…" marks a cut. */
export function truncateValue(v: string | null, max = 200): string | null {
  if (v === null || v.length <= max) return v;
  let end = max;
  const last = v.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${v.slice(0, end)}…`;
}
