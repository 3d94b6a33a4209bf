import { createHash } from "node:crypto";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { SourceConnector } from "@/server/connectors/connector";
import { BinaryCopyRows } from "@/server/connectors/postgres/binary-copy-rows";
import { copyLine } from "@/server/copy/copy-text";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { TablePlan } from "@/server/plan/build-plan";
import { canonicalSql, canonicalValue } from "./canonical";
import { COLLATABLE } from "./pg-side";
import { RowHasher } from "./row-hasher";

export type TableChecksum = {
  rows: number;
  checksum: string;
  method: "key-ordered" | "multiset" | "binary-key-ordered";
};

const methodOf = (t: TablePlan) => (t.primaryKey && !t.source.unorderedReads ? "key-ordered" : "multiset");

export const methodOfTable = methodOf;

/** The source's rows in key order, every value rendered canonically by its target type. */
export async function* canonicalSourceRows(
  source: SourceConnector,
  t: TablePlan,
  batchRows: number,
): AsyncGenerator<(string | null)[][]> {
  const columns = t.columns.map((c) => c.source);
  if (!source.readRows) throw new Error(`The ${source.engine} connector cannot read rows for verification.`);
  for await (const batch of source.readRows(t.source, {
    columns,
    orderByKey: true,
    batchRows,
    exclude: t.rejectedKeys,
  }))
    yield batch.map((row) => t.columns.map((c, i) => canonicalValue(c.kind, c.pgType, row[i], c.source)));
}

/**
 * Reads the source again (not the copy's stream) and renders every value by its target type; `onBatch`
 * sees the canonical rows too (segment hashing), and the read waits for it.
 */
export async function sourceChecksum(
  source: SourceConnector,
  t: TablePlan,
  batchRows: number,
  onRows: (rows: number) => void,
  onBatch?: (rows: (string | null)[][]) => Promise<void>,
): Promise<TableChecksum> {
  const hasher = new RowHasher(methodOf(t));
  let rows = 0;
  for await (const batch of canonicalSourceRows(source, t, batchRows)) {
    hasher.update(batch.map(copyLine).join(""));
    if (onBatch) await onBatch(batch);
    rows += batch.length;
    onRows(rows);
  }
  return { rows: hasher.rows, checksum: hasher.digest(), method: methodOf(t) };
}

/** The key columns as ORDER BY terms of `r`, text ones bytewise. */
function keyOrder(t: TablePlan): string {
  return (t.primaryKey ?? [])
    .map((k) => {
      const col = t.columns.find((c) => c.source === k)!;
      // Qualified: a bare name would resolve to the text-cast output column and sort "10" before "2".
      return COLLATABLE.test(col.pgType)
        ? `r.${quoteIdent(col.target)} COLLATE "C"`
        : `r.${quoteIdent(col.target)}`;
    })
    .join(", ");
}

/** PostgreSQL renders and orders the rows itself (bytewise, like SQLite's BINARY); Node only hashes the stream. */
export async function targetChecksum(
  client: pg.Client,
  schema: string,
  t: TablePlan,
): Promise<TableChecksum> {
  const hasher = new RowHasher(methodOf(t));
  const exprs = t.columns.map((c) => canonicalSql(c.kind, c.target)).join(", ");
  const order = methodOf(t) === "key-ordered" ? ` ORDER BY ${keyOrder(t)}` : "";
  const stream = client.query(
    copyTo(`COPY (SELECT ${exprs} FROM ${qualified(schema, t.target)} AS r${order}) TO STDOUT`),
  );
  for await (const chunk of stream) hasher.update(chunk as Buffer);
  return { rows: hasher.rows, checksum: hasher.digest(), method: methodOf(t) };
}

/**
 * SHA-256 of the table's rows as PostgreSQL's binary COPY sends them, in key order: for two servers of one
 * major version and built-in types only, equal values send equal bytes, and sending needs no rendering (a
 * third of the canonical text's cost). Any difference sends the table through the canonical comparison.
 */
export async function binaryChecksum(
  client: pg.Client,
  schema: string,
  t: TablePlan,
): Promise<TableChecksum> {
  const hash = createHash("sha256");
  const rows = new BinaryCopyRows();
  let n = 0;
  const cols = t.columns.map((c) => `r.${quoteIdent(c.target)}`).join(", ");
  const stream = client.query(
    copyTo(
      `COPY (SELECT ${cols} FROM ${qualified(schema, t.target)} AS r ORDER BY ${keyOrder(t)}) TO STDOUT (FORMAT binary)`,
    ),
  );
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    n += rows.count(chunk as Buffer);
  }
  return { rows: n, checksum: `sha256:${hash.digest("hex")}`, method: "binary-key-ordered" };
}
