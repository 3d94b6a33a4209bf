// PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes (postgresql.org/docs/current/sql-copy.html).
// Escapes exactly what COPY TO escapes (CopyAttributeOutText), so a line written here equals the line PostgreSQL prints.
const NEEDS_ESCAPE = /[\\\t\n\r\b\f\v]/;
const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  "\b": "\\b",
  "\f": "\\f",
  "\v": "\\v",
};

export function escapeCopyField(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r\b\f\v]/g, (c) => ESCAPES[c]!) : s;
}

export function copyLine(fields: readonly (string | null)[]): string {
  let line = "";
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    line += (i === 0 ? "" : "\t") + (f === null || f === undefined ? "\\N" : escapeCopyField(f));
  }
  return line + "\n";
}
