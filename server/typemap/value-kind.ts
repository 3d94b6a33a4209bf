/** How a column's values are encoded for COPY and rendered canonically for verification. */
export type ValueKind =
  | "int"
  | "float"
  | "numeric"
  | "text"
  | "bytea"
  | "bool"
  | "date"
  | "timestamp"
  | "timestamptz"
  /** JSON text into jsonb: copied as is, compared as PostgreSQL prints jsonb (keys sorted, numbers as numeric). */
  | "json";

export type MappedType = {
  pgType: string;
  kind: ValueKind;
  /** The only values the column accepts (a MySQL ENUM): the target gets a CHECK constraint listing them. */
  allowed?: readonly string[];
};
