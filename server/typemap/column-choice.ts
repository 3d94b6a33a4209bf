import type { ColumnTypeChoice } from "@/contracts/migrations";
import type { MappedType } from "./value-kind";

const KIND: Record<ColumnTypeChoice, MappedType["kind"]> = {
  text: "text",
  bytea: "bytea",
  smallint: "int",
  integer: "int",
  bigint: "int",
  "double precision": "float",
  numeric: "numeric",
  boolean: "bool",
  date: "date",
  timestamp: "timestamp",
  timestamptz: "timestamptz",
};

/** A type the DBA chose for a column, with the value kind copy and verification use for it. */
export const chosenType = (choice: ColumnTypeChoice): MappedType => ({ pgType: choice, kind: KIND[choice] });
