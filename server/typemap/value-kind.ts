/** How a column's values are encoded for COPY and rendered canonically for verification. */
export type ValueKind =
  "int" | "float" | "numeric" | "text" | "bytea" | "bool" | "date" | "timestamp" | "timestamptz";

export type MappedType = { pgType: string; kind: ValueKind };
