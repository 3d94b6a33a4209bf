import type { MigrationOptions } from "@/contracts/migrations";
import type { MappedType } from "./value-kind";

/**
 * SQLite declared type → PostgreSQL type. Follows SQLite's affinity rules (sqlite.org/datatype3.html §3.1)
 * and keeps what the declaration says where PostgreSQL has it (lengths, precision, dates, booleans).
 */
export function mapSqliteType(declared: string, opts: Pick<MigrationOptions, "dates">): MappedType {
  const t = declared.trim().toUpperCase();
  const args = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(t);
  const n = args?.[1] ? Number(args[1]) : null;
  const scale = args?.[2] ? Number(args[2]) : null;

  if (/^(BOOL|BOOLEAN)\b/.test(t)) return { pgType: "boolean", kind: "bool" };
  if (/^(DATETIME|TIMESTAMP)\b/.test(t))
    return opts.dates === "map"
      ? { pgType: "timestamp", kind: "timestamp" }
      : { pgType: "text", kind: "text" };
  if (/^DATE\b/.test(t))
    return opts.dates === "map" ? { pgType: "date", kind: "date" } : { pgType: "text", kind: "text" };
  // Affinity rule 1: any "INT" is INTEGER affinity; SQLite integers are 64-bit.
  if (t.includes("INT")) {
    if (/^(SMALLINT|TINYINT|INT2)\b/.test(t)) return { pgType: "smallint", kind: "int" };
    return { pgType: "bigint", kind: "int" };
  }
  // Rule 2: CHAR, CLOB, TEXT → TEXT affinity.
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) {
    if (n !== null && n > 0 && n <= 10_485_760 && /CHAR/.test(t) && !/^CHARACTER LARGE/.test(t))
      return { pgType: `varchar(${n})`, kind: "text" };
    return { pgType: "text", kind: "text" };
  }
  // Rule 3: BLOB or no type → BLOB affinity; untyped columns usually hold text, so text unless declared BLOB.
  if (t.includes("BLOB")) return { pgType: "bytea", kind: "bytea" };
  if (t === "") return { pgType: "text", kind: "text" };
  // Rule 4: REAL, FLOA, DOUB → REAL affinity.
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB"))
    return { pgType: "double precision", kind: "float" };
  // Rule 5: everything else is NUMERIC affinity.
  if (/^(NUMERIC|DECIMAL)\b/.test(t) && n !== null && n >= 1 && n <= 1000)
    return { pgType: `numeric(${n},${Math.min(scale ?? 0, n)})`, kind: "numeric" };
  return { pgType: "numeric", kind: "numeric" };
}
