import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { CopyTextChunk, SourceConnector } from "@/server/connectors/connector";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { TablePlan } from "@/server/plan/build-plan";
import { ConversionError } from "./conversion-error";
import { copyLine } from "./copy-text";
import { toInputText } from "./source-values";

export type CopyProgress = { rowsDone: number; bytesDone: number };

/**
 * Streams one table into `COPY … FROM STDIN` inside one transaction that first empties the table,
 * so a retried copy never doubles or loses rows. Memory is bounded by the pages in flight.
 */
export async function copyTable(opts: {
  source: SourceConnector;
  target: pg.Client;
  schema: string;
  table: TablePlan;
  batchRows: number;
  onProgress: (p: CopyProgress) => void;
  shouldStop: () => boolean;
}): Promise<CopyProgress> {
  const { table, target } = opts;
  const name = qualified(opts.schema, table.target);
  let rowsDone = 0;
  let bytesDone = 0;

  await target.query("BEGIN");
  try {
    await target.query(`TRUNCATE ${name}`);
    const stream = target.query(
      copyFrom(`COPY ${name} (${table.columns.map((c) => quoteIdent(c.target)).join(", ")}) FROM STDIN`),
    );
    const finished = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    try {
      for await (const chunk of copyText(opts.source, table, opts.batchRows)) {
        bytesDone += chunk.bytes.length;
        rowsDone += chunk.rows;
        // Backpressure: wait for PostgreSQL to take what it has before reading more of the source.
        if (!stream.write(chunk.bytes)) await Promise.race([once(stream, "drain"), finished]);
        opts.onProgress({ rowsDone, bytesDone });
        if (opts.shouldStop()) throw new CopyCancelled();
      }
      stream.end();
      await finished;
    } catch (err) {
      stream.destroy();
      await finished.catch(() => undefined);
      if (err instanceof ConversionError)
        throw new Error(`Table "${table.source.name}", row ${rowsDone + 1}…: ${err.message}`);
      throw err;
    }
    await target.query("COMMIT");
  } catch (err) {
    await target.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
  opts.onProgress({ rowsDone, bytesDone });
  return { rowsDone, bytesDone };
}

/** The engine's own COPY text where it has a fast path, else its rows encoded here. */
async function* copyText(
  source: SourceConnector,
  table: TablePlan,
  batchRows: number,
): AsyncGenerator<CopyTextChunk> {
  const columns = table.columns.map((c) => ({ name: c.source, kind: c.kind }));
  if (source.readCopyText) return yield* source.readCopyText(table.source, columns, { batchRows });
  if (!source.readRows)
    throw new Error(`The ${source.engine} connector can read neither COPY text nor rows.`);
  const names = columns.map((c) => c.name);
  for await (const batch of source.readRows(table.source, { columns: names, orderByKey: false, batchRows })) {
    let text = "";
    for (const row of batch) text += copyLine(columns.map((c, i) => toInputText(c.kind, row[i], c.name)));
    yield { bytes: Buffer.from(text, "utf8"), rows: batch.length };
  }
}

export class CopyCancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "CopyCancelled";
  }
}
