import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { CatalogTable } from "@/server/catalog/catalog";
import type { CopyTextChunk, KeyRangeFilter } from "@/server/connectors/connector";
import { keyRangeWhere } from "@/server/plan/key-range-sql";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import { BinaryCopyRows } from "./binary-copy-rows";
import { connectPg } from "./connect";
import type { PgConnectionSettings } from "./pg-config";

/** Raised when the exported snapshot is gone: the session that held it (the run's coordinator) ended. */
export class SnapshotGone extends Error {
  constructor(snapshotId: string, cause: unknown) {
    super(`The source snapshot ${snapshotId} is no longer available: ${(cause as Error).message}`);
    this.name = "SnapshotGone";
  }
}

/**
 * Starts a read-only transaction that sees the exported snapshot (or its own, when there is none), in one
 * round trip; `commitFirst` ends the session's previous transaction in the same one.
 */
export async function beginSnapshotRead(
  client: pg.Client,
  snapshotId: string | null,
  opts: { commitFirst?: boolean } = {},
): Promise<void> {
  const statements = [
    ...(opts.commitFirst ? ["COMMIT"] : []),
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    ...(snapshotId ? [`SET TRANSACTION SNAPSHOT '${snapshotId.replaceAll("'", "''")}'`] : []),
  ];
  try {
    await client.query(statements.join("; "));
  } catch (err) {
    // The server answered (the transaction failed, the session lives): it was the snapshot, now gone.
    const answered = client.getTransactionStatus() === "E";
    if (answered) await client.query("ROLLBACK").catch(() => undefined);
    if (answered && snapshotId) throw new SnapshotGone(snapshotId, err);
    throw err;
  }
}

/** The `COPY … TO STDOUT` that reads one table, or one key range of it. */
export function copyOutSql(
  table: CatalogTable,
  columns: readonly { name: string }[],
  opts: { range?: KeyRangeFilter; binary?: boolean } = {},
): string {
  const cols = columns.map((c) => quoteIdent(c.name)).join(", ");
  const name = qualified(table.schema!, table.name);
  const where = keyRangeWhere(opts.range);
  const format = opts.binary ? " (FORMAT binary)" : "";
  // COPY of a hypertable reads only its (empty) root; a SELECT reads every chunk, compressed or not.
  if (table.hypertable) return `COPY (SELECT ${cols} FROM ${name}${where}) TO STDOUT${format}`;
  if (where) return `COPY (SELECT ${cols} FROM ONLY ${name}${where}) TO STDOUT${format}`;
  return `COPY ${name} (${cols}) TO STDOUT${format}`;
}

/** `COPY … TO STDOUT` of one table, or one key range of it, as the source's own COPY text or binary form. */
export async function* copyOut(
  settings: PgConnectionSettings,
  snapshotId: string | null,
  table: CatalogTable,
  columns: readonly { name: string }[],
  opts: { range?: KeyRangeFilter; binary?: boolean } = {},
): AsyncGenerator<CopyTextChunk> {
  const client = await connectPg(settings, "ferry-copy-out");
  try {
    await beginSnapshotRead(client, snapshotId);
    const stream = client.query(copyTo(copyOutSql(table, columns, opts)));
    const binaryRows = opts.binary ? new BinaryCopyRows() : null;
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      yield { bytes, rows: binaryRows ? binaryRows.count(bytes) : textRows(bytes) };
    }
    await client.query("COMMIT");
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Text COPY ends every row with a newline; newlines inside values are escaped. */
function textRows(bytes: Buffer): number {
  let rows = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) rows++;
  return rows;
}
