import type { SourceDefault } from "@/server/catalog/catalog";
import { literalDefault, unwrapParens } from "@/server/connectors/default-literals";

/** datetime('now'), date('now'), strftime('%Y-%m-%d %H:%M:%S','now'): what SQLite writes for "now" as text. */
const NOW_TEXT: Record<string, "timestamp" | "date"> = {
  current_timestamp: "timestamp",
  "datetime('now')": "timestamp",
  "strftime('%y-%m-%d %h:%m:%s','now')": "timestamp",
  current_date: "date",
  "date('now')": "date",
};

/** A column default as PRAGMA table_info gives it (the text of the DEFAULT clause); null for none. */
export function parseSqliteDefault(dflt: string | null): SourceDefault | undefined {
  if (dflt === null) return undefined;
  const original = dflt;
  const text = unwrapParens(dflt);
  if (/^null$/i.test(text)) return undefined;
  if (/^(true|false)$/i.test(text)) return { original, kind: "bool", value: /^true$/i.test(text) };
  const literal = literalDefault(text, original);
  if (literal) return literal;
  const now = NOW_TEXT[text.toLowerCase().replace(/\s+/g, "")];
  if (now) return { original, kind: "utc_text", format: now };
  return { original, kind: "expression" };
}
