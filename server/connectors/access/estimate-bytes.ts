import type MDBReader from "mdb-reader";
import type { Column } from "mdb-reader";
import { listAccessTables } from "./introspect";

export const ACCESS_BYTES_BASIS =
  "an estimate: the file's size apportioned by each table's rows × declared column widths, at most those rows × widths (mdb-reader exposes no per-table page map)";

// Memo, OLE and attachment values live on long-value pages of unknown size: counted at a nominal width.
const LONG_VALUE_WIDTH = 64;

/** The bytes one row may take, from the declared widths (Text: its declared size in bytes). */
export const rowWidth = (columns: readonly Pick<Column, "type" | "size">[]) =>
  columns.reduce(
    (n, c) =>
      n +
      (c.type === "memo" || c.type === "ole" || c.type === "complex" || c.size <= 0
        ? LONG_VALUE_WIDTH
        : c.size),
    0,
  );

/**
 * Each table's share of the file (its rows × row width over all user tables'), capped at rows × row width:
 * a small file is mostly system tables and free pages, which are not data to copy.
 */
export function apportionFileBytes(
  fileBytes: number,
  tables: readonly { name: string; rowCount: number; rowWidth: number }[],
): Map<string, number> {
  const weight = (t: (typeof tables)[number]) => t.rowCount * t.rowWidth;
  const total = tables.reduce((n, t) => n + weight(t), 0);
  return new Map(
    tables.map((t) => [t.name, total ? Math.min(weight(t), Math.round((fileBytes * weight(t)) / total)) : 0]),
  );
}

export function accessTableBytes(reader: MDBReader, fileBytes: number): Map<string, number> {
  return apportionFileBytes(
    fileBytes,
    listAccessTables(reader).map((name) => {
      const t = reader.getTable(name);
      return { name, rowCount: t.rowCount, rowWidth: rowWidth(t.getColumns()) };
    }),
  );
}
