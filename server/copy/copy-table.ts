import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type {
  CopyTextChunk,
  KeyRangeFilter,
  RowReject,
  SourceConnector,
} from "@/server/connectors/connector";
import { keyRangeWhere } from "@/server/plan/key-range-sql";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { TablePlan } from "@/server/plan/build-plan";
import { ConversionError } from "./conversion-error";
import { copyLine } from "./copy-text";
import { toInputText } from "./source-values";

export type CopyProgress = { rowsDone: number; bytesDone: number };

/** How the rows of one copy go in: `freeze` when the transaction emptied the whole table first. */
export type CopyInMode = { freeze: boolean };

/**
 * Replaces one table, or one key range of it, inside one target transaction that first empties that table or
 * range and then runs `load`, so a retried or duplicated copy never doubles or loses rows.
 *
 * A whole table is truncated in that transaction, so its rows can go in frozen (COPY FREEZE): they arrive
 * already visible to all and frozen, so the first reads after the load (index builds, FK checks, ANALYZE,
 * the application's first queries) do not set hint bits on every row, and no anti-wraparound VACUUM has to
 * rewrite the whole table months later. Not for TimescaleDB hypertables, whose rows TimescaleDB routes to chunks.
 */
export async function replaceRows(
  target: pg.Client,
  name: string,
  table: TablePlan,
  range: KeyRangeFilter | undefined,
  load: (mode: CopyInMode) => Promise<CopyProgress>,
): Promise<CopyProgress> {
  await target.query("BEGIN");
  try {
    if (range) {
      // Two copies of one range (a retry racing a stale job) take turns: the later one deletes what the
      // earlier one committed.
      await target.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [
        name,
        `${range.lo}:${range.hi}`,
      ]);
      await target.query(
        `DELETE FROM ${name}${keyRangeWhere({ ...range, column: rangeTargetColumn(table, range) })}`,
      );
    } else await target.query(`TRUNCATE ${name}`);
    const done = await load({ freeze: !range && !table.source.hypertable });
    await target.query("COMMIT");
    return done;
  } catch (err) {
    await target.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

/** `COPY … FROM STDIN` into a table's planned columns, in the format the rows arrive in. */
export function copyInSql(name: string, table: TablePlan, mode: CopyInMode): string {
  const options = [...(table.binaryCopy ? ["FORMAT binary"] : []), ...(mode.freeze ? ["FREEZE"] : [])];
  return `COPY ${name} (${table.columns.map((c) => quoteIdent(c.target)).join(", ")}) FROM STDIN${options.length ? ` (${options.join(", ")})` : ""}`;
}

/**
 * Streams one table, or one key range of it, into `COPY … FROM STDIN` (see replaceRows). Memory is bounded
 * by the pages in flight.
 */
export async function copyTable(opts: {
  source: Pick<SourceConnector, "engine" | "readCopyText" | "readRows">;
  target: pg.Client;
  schema: string;
  table: TablePlan;
  batchRows: number;
  /** Copy only this key range; the transaction deletes the range instead of truncating the table. */
  range?: KeyRangeFilter;
  /** Rows that cannot land go here and are left out (engines that can say which row); else they fail the copy. */
  onReject?: (r: RowReject) => void;
  onProgress: (p: CopyProgress) => void;
  shouldStop: () => boolean;
}): Promise<CopyProgress> {
  const { table, target } = opts;
  const name = qualified(opts.schema, table.target);
  const done = await replaceRows(target, name, table, opts.range, async (mode) => {
    let rowsDone = 0;
    let bytesDone = 0;
    const stream = target.query(copyFrom(copyInSql(name, table, mode)));
    let failed: Error | null = null;
    const finished = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", (err) => reject((failed ??= err)));
    });
    // The target can fail while the source is being read (a terminated session): unobserved, that rejection
    // would crash the worker; it is taken up at the next chunk instead.
    finished.catch(() => undefined);
    try {
      for await (const chunk of copyText(opts.source, table, opts.batchRows, opts.range, opts.onReject)) {
        if (failed) throw failed;
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
    return { rowsDone, bytesDone };
  });
  opts.onProgress(done);
  return done;
}

/** The engine's own COPY text where it has a fast path, else its rows encoded here. */
async function* copyText(
  source: Pick<SourceConnector, "engine" | "readCopyText" | "readRows">,
  table: TablePlan,
  batchRows: number,
  range: KeyRangeFilter | undefined,
  onReject: ((r: RowReject) => void) | undefined,
): AsyncGenerator<CopyTextChunk> {
  const columns = table.columns.map((c) => ({ name: c.source, kind: c.kind }));
  const exclude = table.rejectedKeys;
  if (source.readCopyText)
    return yield* source.readCopyText(table.source, columns, {
      batchRows,
      range,
      exclude,
      onReject,
      binary: table.binaryCopy,
    });
  if (table.binaryCopy) throw new Error(`The ${source.engine} connector cannot read binary COPY.`);
  if (range) throw new Error(`The ${source.engine} connector cannot read a key range.`);
  if (!source.readRows)
    throw new Error(`The ${source.engine} connector can read neither COPY text nor rows.`);
  const names = columns.map((c) => c.name);
  for await (const batch of source.readRows(table.source, {
    columns: names,
    orderByKey: false,
    batchRows,
    exclude,
  })) {
    let text = "";
    for (const row of batch) text += copyLine(columns.map((c, i) => toInputText(c.kind, row[i], c.name)));
    yield { bytes: Buffer.from(text, "utf8"), rows: batch.length };
  }
}

function rangeTargetColumn(table: TablePlan, range: KeyRangeFilter): string {
  const column = table.columns.find((c) => c.source === range.column);
  if (!column) throw new Error(`Key column "${range.column}" is not among the copied columns.`);
  return column.target;
}

export class CopyCancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "CopyCancelled";
  }
}
