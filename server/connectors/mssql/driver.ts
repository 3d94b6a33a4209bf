import { Connection, Request } from "tedious";
import { DomainError } from "@/server/errors";
import { toTediousConfig, type MssqlConnectionSettings } from "./config";
import { describeMssqlError } from "./describe-mssql-error";
import { rowBatches } from "./row-batches";

/** The part of tedious Ferry uses: one connection, one request at a time. */
export type MssqlSession = {
  /** Small result sets (catalog views) as objects keyed by column name. */
  query<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  /** A large result as arrays in select-list order, batch by batch, with backpressure. */
  stream(sql: string, batchRows: number): AsyncGenerator<unknown[][]>;
  close(): Promise<void>;
};

type ServerMessage = { number: number; message: string };
/** tedious's row: one entry per column, in select-list order (useColumnNames: false). */
type ColumnValue = { value: unknown; metadata: { colName: string } };

/** Connects or throws a DomainError that says what to fix (never the password). */
export async function connectMssql(
  settings: MssqlConnectionSettings,
  appName = "ferry",
): Promise<MssqlSession> {
  const connection = new Connection(toTediousConfig(settings, appName));
  // A login refusal reaches the callback without its number; the server's error token has it.
  let lastServerError: ServerMessage | null = null;
  connection.on("errorMessage", (token: ServerMessage) => {
    lastServerError = { number: token.number, message: token.message };
  });
  // A dropped connection fails the running request; without a listener it would crash the process.
  let broken: Error | null = null;
  connection.on("error", (err: Error) => {
    broken = err;
  });

  await new Promise<void>((resolve, reject) => {
    connection.connect((err) => {
      if (!err) return resolve();
      connection.close();
      const failure = err as Error & { number?: number };
      const server = lastServerError as ServerMessage | null;
      if (failure.number === undefined && server) failure.number = server.number;
      reject(new DomainError(400, "connection_failed", describeMssqlError(failure, settings)));
    });
  });

  const failed = (err: Error) => {
    const e = err as Error & { number?: number };
    return new Error(
      e.number !== undefined ? `SQL Server error ${e.number}: ${e.message}` : `SQL Server: ${e.message}`,
    );
  };

  const run = <T extends Record<string, unknown>>(sql: string) =>
    new Promise<T[]>((resolve, reject) => {
      if (broken) return reject(failed(broken));
      const rows: T[] = [];
      const request = new Request(sql, (err) => (err ? reject(failed(err)) : resolve(rows)));
      request.on("row", (columns: ColumnValue[]) => {
        const row: Record<string, unknown> = {};
        for (const c of columns) row[c.metadata.colName] = c.value;
        rows.push(row as T);
      });
      connection.execSql(request);
    });
  // tedious runs one request at a time per connection: callers in parallel take turns.
  let turn: Promise<unknown> = Promise.resolve();

  return {
    query<T extends Record<string, unknown>>(sql: string) {
      const result = turn.then(() => run<T>(sql));
      turn = result.catch(() => undefined);
      return result;
    },

    async *stream(sql: string, batchRows: number) {
      if (broken) throw failed(broken);
      let request: Request | null = null;
      yield* rowBatches(
        {
          start(onRow, onEnd) {
            request = new Request(sql, (err) => onEnd(err ? failed(err) : null));
            request.on("row", (columns: ColumnValue[]) => onRow(columns.map((c) => c.value)));
            connection.execSql(request);
          },
          pause: () => request?.pause(),
          resume: () => request?.resume(),
          // Answered by the request's callback with "Canceled.", which rowBatches does not rethrow.
          cancel: () => connection.cancel(),
        },
        batchRows,
      );
    },

    async close() {
      if (connection.closed) return;
      await new Promise<void>((resolve) => {
        // "end" follows close(); the timer covers a connection a socket error already tore down.
        const timer = setTimeout(resolve, 5_000);
        connection.once("end", () => {
          clearTimeout(timer);
          resolve();
        });
        connection.close();
      });
    },
  };
}
