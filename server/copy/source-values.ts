import type { ValueKind } from "@/server/typemap/value-kind";
import { ConversionError, preview } from "./conversion-error";

const INTEGER = /^[+-]?\d+$/;
const TRUE = new Set(["1", "t", "true", "y", "yes", "on"]);
const FALSE = new Set(["0", "f", "false", "n", "no", "off"]);

/**
 * A source value as the text PostgreSQL's input function for the column's type will receive,
 * or null for SQL NULL. Shared by the COPY encoder and the verifier so both read values one way.
 */
export function toInputText(kind: ValueKind, v: unknown, column: string): string | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case "int":
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "number" && Number.isInteger(v)) return String(v);
      if (typeof v === "string" && INTEGER.test(v.trim())) return v.trim();
      throw new ConversionError(column, preview(v), "not a whole number");
    case "float":
      if (typeof v === "number" || typeof v === "bigint") return String(v);
      if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return v.trim();
      throw new ConversionError(column, preview(v), "not a number");
    case "numeric":
      if (typeof v === "number") {
        if (!Number.isFinite(v))
          throw new ConversionError(column, preview(v), "infinite values do not fit numeric");
        return String(v);
      }
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return v.trim();
      throw new ConversionError(column, preview(v), "not a decimal number");
    case "bool": {
      const s = String(v).trim().toLowerCase();
      if (TRUE.has(s)) return "t";
      if (FALSE.has(s)) return "f";
      throw new ConversionError(column, preview(v), "not a boolean (expected 0/1 or true/false)");
    }
    case "bytea":
      return Buffer.isBuffer(v)
        ? `\\x${v.toString("hex")}`
        : `\\x${Buffer.from(String(v), "utf8").toString("hex")}`;
    case "text":
    case "json":
    case "date":
    case "timestamp":
    case "timestamptz": {
      if (Buffer.isBuffer(v))
        throw new ConversionError(column, preview(v), `binary data in a ${kind} column`);
      if (kind !== "text" && kind !== "json" && typeof v !== "string")
        throw new ConversionError(
          column,
          preview(v),
          `a number in a ${kind} column (store dates as ISO-8601 text, or migrate dates as text)`,
        );
      const s = typeof v === "string" ? v : String(v);
      if (s.includes("\0"))
        throw new ConversionError(
          column,
          preview(s),
          "text contains a NUL byte, which PostgreSQL text cannot hold",
        );
      return s;
    }
  }
}
