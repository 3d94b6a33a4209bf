import type { ValueKind } from "./value-kind";

/** A PostgreSQL column's canonical-rendering kind (verify/canonical.ts), from its formatted type. */
export function postgresValueKind(formattedType: string): ValueKind {
  const t = formattedType.toLowerCase();
  if (t === "real" || t === "double precision") return "float";
  if (t.startsWith("numeric")) return "numeric";
  if (t === "bytea") return "bytea";
  if (t === "date") return "date";
  if (t.startsWith("timestamp")) return t.includes("with time zone") ? "timestamptz" : "timestamp";
  return "text";
}
