import { DomainError } from "@/server/errors";
import type { MappedType } from "./value-kind";

/**
 * Access declared type (as the access connector names it, after Access's own UI) → PostgreSQL type.
 * The connector writes Text(n) with n in characters, Decimal(p,s) with the column's precision and scale.
 */
export function mapAccessType(declared: string): MappedType {
  const t = declared.trim();
  const args = /\((\d+)(?:,(\d+))?\)$/.exec(t);
  const base = (args ? t.slice(0, args.index) : t).trim().toLowerCase();
  const n = args?.[1] ? Number(args[1]) : null;
  switch (base) {
    case "text":
      return n !== null && n > 0
        ? { pgType: `varchar(${n})`, kind: "text" }
        : { pgType: "text", kind: "text" };
    case "memo":
    case "hyperlink":
      return { pgType: "text", kind: "text" };
    case "byte":
    case "integer":
      return { pgType: "smallint", kind: "int" };
    case "long integer":
    case "autonumber":
      return { pgType: "integer", kind: "int" };
    case "large number":
      return { pgType: "bigint", kind: "int" };
    case "single":
      return { pgType: "real", kind: "float" };
    case "double":
      return { pgType: "double precision", kind: "float" };
    case "currency":
      return { pgType: "numeric(19,4)", kind: "numeric" };
    case "decimal": {
      const p = n !== null && n >= 1 && n <= 28 ? n : 18;
      const s = Math.min(Number(args?.[2] ?? 0), p);
      return { pgType: `numeric(${p},${s})`, kind: "numeric" };
    }
    case "yes/no":
      return { pgType: "boolean", kind: "bool" };
    case "date/time":
    case "date/time extended":
      return { pgType: "timestamp", kind: "timestamp" };
    case "replication id":
      return { pgType: "uuid", kind: "text" };
    case "ole object":
    case "binary":
      return { pgType: "bytea", kind: "bytea" };
    case "attachment":
    case "complex":
      throw new DomainError(
        400,
        "access_complex_column",
        `Access ${base === "attachment" ? "attachment" : "multi-value/complex"} columns are not migrated: their values live in hidden child tables that Ferry does not rebuild yet. Leave out the table, or move the attachments out in Access first.`,
      );
    default:
      throw new DomainError(400, "access_unknown_type", `Unknown Access column type "${declared}".`);
  }
}
