import pg from "pg";
import type { CatalogTable } from "@/server/catalog/catalog";
import type { ReadRowsOptions } from "@/server/connectors/connector";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import { beginSnapshotRead } from "./copy-out";
import { connectPg } from "./connect";
import type { PgConnectionSettings } from "./pg-config";

const BYTEA = 17;
const FLOAT4 = 700;
const FLOAT8 = 701;

/**
 * Values as PostgreSQL prints them (the text that lands on a PostgreSQL target), except bytea as a Buffer
 * and floats as numbers, which is what copy/source-values.ts takes for those kinds ("NaN" included).
 */
const AS_TEXT = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === BYTEA || oid === FLOAT4 || oid === FLOAT8
      ? pg.types.getTypeParser(oid, format)
      : (value: string) => value,
};

/** Rows through a cursor inside the source's snapshot, batch by batch. */
export async function* readPostgresRows(
  settings: PgConnectionSettings,
  snapshotId: string | null,
  table: CatalogTable,
  opts: ReadRowsOptions,
): AsyncGenerator<unknown[][]> {
  const client = await connectPg(settings, "ferry-read-rows");
  try {
    await beginSnapshotRead(client, snapshotId);
    const order =
      opts.orderByKey && table.primaryKey?.length
        ? ` ORDER BY ${table.primaryKey.map(quoteIdent).join(", ")}`
        : "";
    await client.query(
      `DECLARE ferry_rows NO SCROLL CURSOR FOR SELECT ${opts.columns.map(quoteIdent).join(", ")} FROM ${qualified(table.schema!, table.name)}${order}`,
    );
    for (;;) {
      const { rows } = await client.query<unknown[]>({
        text: `FETCH ${Math.max(1, Math.floor(opts.batchRows))} FROM ferry_rows`,
        rowMode: "array",
        types: AS_TEXT,
      });
      if (rows.length) yield rows;
      if (rows.length < opts.batchRows) break;
    }
    await client.query("COMMIT");
  } finally {
    // Ending the session also ends a cursor left open by a reader that stopped early (the preview).
    await client.end().catch(() => undefined);
  }
}
