import { mapSqliteType } from "@/server/typemap/sqlite-types";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { ConnectionTestResult, SourceTable } from "@/contracts/connections";
import type { CatalogTable } from "@/server/catalog/catalog";
import type { ReadRowsOptions, SourceConnector } from "@/server/connectors/connector";
import { countRows, introspectSqlite, listTableNames, quoteSqlite } from "./introspect";
import { openSqlite } from "./open-sqlite";
import { uploadPresence } from "./upload-presence";
import { skipRowidsSql } from "./copy-text-sql";
import { findRejects } from "./find-rejects";
import { profileColumns } from "./profile-columns";
import { readCopyText, rowidAlias } from "./read-copy-text";
import { inlineRenderer, threadRenderer, type PageRenderer } from "./render-pool";

export async function fileSha256(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** `render` picks where SQLite renders COPY pages: worker threads in the worker process, inline in tests. */
export function openSqliteConnector(
  filePath: string,
  label: string,
  render: PageRenderer = process.env.FERRY_RENDER_INLINE ? inlineRenderer : threadRenderer,
): SourceConnector {
  const ensurePresent = uploadPresence(filePath, label);
  ensurePresent();
  const database = openSqlite(filePath);

  return {
    engine: "sqlite",
    capabilities: { schemaFromPgDump: false },
    mapType: mapSqliteType,
    bytesBasis: "the values themselves (the byte length of every stored value, read once)",

    async test(): Promise<ConnectionTestResult> {
      const problems: string[] = [];
      const notes: string[] = [];
      const check = database.pragma("quick_check", { simple: true }) as string;
      if (check !== "ok")
        problems.push(
          `SQLite reports damage in ${label}: ${check}. Repair it (sqlite3 .recover) and upload it again.`,
        );
      const tables = listTableNames(database);
      if (tables.length === 0) problems.push(`${label} holds no tables: there is nothing to migrate.`);
      const journal = database.pragma("journal_mode", { simple: true }) as string;
      if (journal === "wal") notes.push("The file is in WAL mode; Ferry reads it as uploaded.");
      const version = (database.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
      const encoding = database.pragma("encoding", { simple: true }) as string;
      return {
        ok: problems.length === 0,
        engine: "sqlite",
        serverVersion: `SQLite ${version}`,
        currentUser: null,
        database: label,
        encoding,
        sizeBytes: (await stat(filePath)).size,
        tableCount: tables.length,
        canBeTarget: false,
        problems,
        notes,
        testedAt: new Date().toISOString(),
      };
    },

    async listTables(): Promise<SourceTable[]> {
      return listTableNames(database).map((name) => {
        const cols = database.pragma(`table_info(${quoteSqlite(name)})`) as { pk: number }[];
        return {
          schema: null,
          name,
          rowCount: countRows(database, name),
          columnCount: cols.length,
          hasPrimaryKey: cols.some((c) => c.pk > 0),
        };
      });
    },

    async introspect(only) {
      return introspectSqlite(database, only);
    },

    async *readRows(table: CatalogTable, opts: ReadRowsOptions) {
      const cols = opts.columns.map(quoteSqlite).join(", ");
      const keys = table.primaryKey ?? null;
      const order = opts.orderByKey
        ? ` ORDER BY ${keys ? keys.map((k) => `${quoteSqlite(k)} COLLATE BINARY`).join(", ") : "rowid"}`
        : "";
      // A WITHOUT ROWID table has no rowid to fall back on; then every column orders it.
      const skip = opts.exclude?.length ? JSON.stringify(opts.exclude) : null;
      const where = skip ? ` WHERE true${skipRowidsSql("rowid")}` : "";
      const stmt = database
        .prepare(`SELECT ${cols} FROM ${quoteSqlite(table.name)}${where}${order}`)
        .raw(true)
        .safeIntegers(true);
      let batch: unknown[][] = [];
      for (const row of stmt.iterate(...(skip ? [skip] : [])) as IterableIterator<unknown[]>) {
        batch.push(row);
        if (batch.length >= opts.batchRows) {
          ensurePresent();
          yield batch;
          batch = [];
          await yieldToEventLoop();
        }
      }
      if (batch.length) yield batch;
    },

    async *readCopyText(table, columns, opts) {
      const pages = readCopyText({
        database,
        file: filePath,
        table: table.name,
        columns,
        pageRows: opts.batchRows,
        render,
        exclude: opts.exclude,
        onReject: opts.onReject,
      });
      try {
        for await (const page of pages) {
          ensurePresent();
          yield page;
        }
      } catch (err) {
        ensurePresent();
        throw err;
      }
    },

    async estimateBytes(table) {
      const sizes = table.columns.map((c) => `coalesce(length(CAST(${quoteSqlite(c.name)} AS BLOB)), 0)`);
      const row = database
        .prepare(`SELECT sum(${sizes.join(" + ") || "0"}) AS n FROM ${quoteSqlite(table.name)}`)
        .get() as { n: number | null };
      return row.n ?? 0;
    },

    async profileColumns(table, options) {
      return profileColumns(database, table, options);
    },

    async findRejects(table, columns, cap) {
      const rowid = rowidAlias(
        database,
        table.name,
        columns.map((c) => c.name),
      );
      if (!rowid) return [];
      return findRejects(database, table.name, rowid, columns, cap);
    },

    fingerprint: async () => {
      ensurePresent();
      return `sha256:${await fileSha256(filePath)}`;
    },

    async close() {
      database.close();
    },
  };
}
