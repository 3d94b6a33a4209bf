import Big from "big.js";
import { toInputText } from "@/server/copy/source-values";
import { quoteIdent } from "@/server/plan/identifiers";
import { jsonbText } from "./jsonb-text";
import type { ValueKind } from "@/server/typemap/value-kind";

/**
 * Canonical text of a value by its target column type: what `canonicalSql` makes PostgreSQL print for
 * the stored value, computed here from the source value alone. Equal strings mean equal values.
 */
export const CANONICALIZATION =
  "v1: int decimal; float IEEE-754 binary64 hex; numeric rounded to scale half away from zero, trailing zeros trimmed; bool true/false; date YYYY-MM-DD; timestamp YYYY-MM-DD HH24:MI:SS.US; bytea hex; json as jsonb prints it; text as is; rows in COPY text format, key order (bytewise), SHA-256; binary-key-ordered (PostgreSQL to PostgreSQL of one major version, built-in types only): each side's COPY (SELECT the columns ORDER BY the key, text bytewise) TO STDOUT (FORMAT binary), SHA-256";

/** `raw`: `column` is already an SQL expression (e.g. `r."Name"`), not a bare column name. */
export function canonicalSql(kind: ValueKind, column: string, raw = false): string {
  const c = raw ? column : quoteIdent(column);
  switch (kind) {
    case "float":
      return `encode(float8send(${c}::float8), 'hex')`;
    case "numeric":
      return `trim_scale(${c})::text`;
    case "bytea":
      return `encode(${c}, 'hex')`;
    case "date":
      return `to_char(${c}, 'YYYY-MM-DD')`;
    case "timestamp":
      return `to_char(${c}, 'YYYY-MM-DD HH24:MI:SS.US')`;
    case "timestamptz":
      return `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
    default:
      return `${c}::text`;
  }
}

const DATE = /^\s*(\d{4})-(\d{2})-(\d{2})/;
const TIMESTAMP = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/;

export function numericScale(pgType: string): number | null {
  const m = /^numeric\(\d+,(\d+)\)$/.exec(pgType);
  return m ? Number(m[1]) : null;
}

export function canonicalValue(kind: ValueKind, pgType: string, v: unknown, column: string): string | null {
  const text = toInputText(kind, v, column);
  if (text === null) return null;
  switch (kind) {
    case "int":
      return BigInt(text).toString();
    case "float": {
      const buf = Buffer.alloc(8);
      buf.writeDoubleBE(Number(text));
      return buf.toString("hex");
    }
    case "numeric": {
      const scale = numericScale(pgType);
      const n = new Big(text);
      return (scale === null ? n : n.round(scale, Big.roundHalfUp)).toFixed();
    }
    case "bool":
      return text === "t" ? "true" : "false";
    case "bytea":
      return text.slice(2);
    case "date": {
      const m = DATE.exec(text);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : text;
    }
    case "timestamp":
    case "timestamptz": {
      const m = TIMESTAMP.exec(text);
      if (!m) return text;
      const frac = (m[7] ?? "").slice(0, 6).padEnd(6, "0");
      return `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}.${frac}`;
    }
    case "json":
      return jsonbText(text);
    case "text":
      return text;
  }
}
