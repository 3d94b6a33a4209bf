import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { SourceConnector } from "@/server/connectors/connector";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { TablePlan } from "@/server/plan/build-plan";
import { ConversionError } from "./conversion-error";
import { copyLine } from "./copy-text";
import { toInputText } from "./source-values";

export type CopyProgress = { rowsDone: number; bytesDone: number };

const FLUSH_BYTES = 256 * 1024;

/**
 * Streams one table into `COPY … FROM STDIN` inside one transaction that first empties the table,
 * so a retried copy never doubles or loses rows. Memory is bounded by one batch plus one flush buffer.
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
  const kinds = table.columns.map((c) => c.kind);
  const colNames = table.columns.map((c) => c.source);
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
    let pending = "";
    const flush = async () => {
      if (!pending) return;
      const buf = Buffer.from(pending, "utf8");
      pending = "";
      bytesDone += buf.length;
      if (!stream.write(buf)) await Promise.race([once(stream, "drain"), finished]);
    };
    try {
      for await (const batch of opts.source.readRows(table.source, {
        columns: colNames,
        orderByKey: false,
        batchRows: opts.batchRows,
      })) {
        for (const row of batch) {
          const fields = new Array<string | null>(kinds.length);
          for (let i = 0; i < kinds.length; i++) fields[i] = toInputText(kinds[i]!, row[i], colNames[i]!);
          pending += copyLine(fields);
          if (pending.length >= FLUSH_BYTES) await flush();
        }
        rowsDone += batch.length;
        opts.onProgress({ rowsDone, bytesDone: bytesDone + pending.length });
        if (opts.shouldStop()) throw new CopyCancelled();
      }
      await flush();
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

export class CopyCancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "CopyCancelled";
  }
}
