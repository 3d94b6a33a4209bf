import type Database from "better-sqlite3";
import type { RowReject } from "@/server/connectors/connector";
import { ConversionError, preview } from "@/server/copy/conversion-error";
import { toInputText } from "@/server/copy/source-values";
import type { ValueKind } from "@/server/typemap/value-kind";
import { quoteSqlite } from "./introspect";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Values that might not land, cheaply in SQL: everything clean (the usual case) is ruled out here, and only
 * the candidates are checked in JS with the copy's own conversion (copy/source-values.ts).
 */
function candidates(kind: ValueKind, c: string): string | null {
  const t = `typeof(${c})`;
  // Text with a NUL byte, or with any byte outside printable ASCII (then it may not be valid UTF-8).
  const oddText = `(${t} = 'text' AND (instr(CAST(${c} AS BLOB), x'00') > 0 OR ${c} GLOB '*[^ -~]*'))`;
  switch (kind) {
    case "bytea":
      return null;
    case "int":
      return `${t} NOT IN ('integer', 'null')`;
    case "float":
      return `${t} NOT IN ('integer', 'real', 'null')`;
    case "numeric":
      return `(${t} NOT IN ('integer', 'real', 'null') OR (${t} = 'real' AND abs(${c}) > 1.7976931348623157e308))`;
    case "bool":
      return `(${t} <> 'null' AND NOT (${t} = 'integer' AND ${c} IN (0, 1)))`;
    case "text":
    case "json":
      return `(${t} = 'blob' OR ${oddText})`;
    case "date":
    case "timestamp":
    case "timestamptz":
      return `(${t} IN ('blob', 'integer', 'real') OR ${oddText})`;
  }
}

/** Why a value cannot land, or null when it can. */
function rejectReason(kind: ValueKind, type: string, value: unknown, column: string): string | null {
  let v = value;
  if (type === "text" && Buffer.isBuffer(value)) {
    try {
      v = utf8.decode(value);
    } catch {
      return "text that is not valid UTF-8 (PostgreSQL would refuse it; a lossy decode would alter it)";
    }
  }
  try {
    toInputText(kind, v, column);
    return null;
  } catch (err) {
    if (err instanceof ConversionError) return err.reason;
    throw err;
  }
}

/** The value as a DBA can read it: text as text, bytes that are not valid UTF-8 as hex. */
function display(type: string, value: unknown): string {
  if (type !== "text" || !Buffer.isBuffer(value)) return preview(value);
  try {
    return preview(utf8.decode(value));
  } catch {
    return `0x${value.subarray(0, 24).toString("hex")}${value.length > 24 ? "…" : ""}`;
  }
}

/** Rows of one table whose values cannot land, keyed by rowid; one scan, at most `cap` + 1 are returned. */
export function findRejects(
  database: Database.Database,
  table: string,
  rowid: string,
  columns: { name: string; kind: ValueKind }[],
  cap: number,
): RowReject[] {
  const checked = columns
    .map((col) => ({ ...col, c: quoteSqlite(col.name), where: candidates(col.kind, quoteSqlite(col.name)) }))
    .filter((col): col is typeof col & { where: string } => col.where !== null);
  if (!checked.length) return [];
  const select = checked
    .map(
      (col, i) =>
        `typeof(${col.c}) AS t${i}, CASE WHEN typeof(${col.c}) = 'text' THEN CAST(${col.c} AS BLOB) ELSE ${col.c} END AS v${i}`,
    )
    .join(", ");
  const stmt = database
    .prepare(
      `SELECT ${rowid} AS k, ${select} FROM ${quoteSqlite(table)} WHERE ${checked.map((col) => `(${col.where})`).join(" OR ")}`,
    )
    .safeIntegers(true);
  const rejects: RowReject[] = [];
  for (const row of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
    checked.forEach((col, i) => {
      const type = row[`t${i}`] as string;
      const value = row[`v${i}`];
      const reason = rejectReason(col.kind, type, value, col.name);
      if (reason) rejects.push({ key: String(row.k), column: col.name, value: display(type, value), reason });
    });
    if (new Set(rejects.map((r) => r.key)).size > cap) return rejects;
  }
  return rejects;
}
