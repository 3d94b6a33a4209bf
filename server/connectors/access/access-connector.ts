import { stat } from "node:fs/promises";
import type { AccessEncoding, ConnectionTestResult, SourceTable } from "@/contracts/connections";
import type { ReadRowsOptions, SourceConnector } from "@/server/connectors/connector";
import { fileSha256 } from "@/server/connectors/sqlite/sqlite-connector";
import { mapAccessType } from "@/server/typemap/access-types";
import { describeEncoding, textDecoderFor } from "./decode-text";
import { ACCESS_BYTES_BASIS, accessTableBytes } from "./estimate-bytes";
import { introspectAccess, listAccessTables } from "./introspect";
import { openAccess } from "./open-access";
import { readAccessRows } from "./read-rows";
import { readIndexes } from "./read-indexes";

export type AccessConnector = SourceConnector & {
  /** How text is read, for the preview. */
  readonly encodingNote: string;
};

export async function openAccessConnector(
  filePath: string,
  label: string,
  encoding: AccessEncoding,
): Promise<AccessConnector> {
  const { reader, format, buffer } = await openAccess(filePath);
  const decode = textDecoderFor(encoding, format.jet3);
  const keys = readIndexes(buffer, reader, format);
  let bytes: Map<string, number> | null = null;

  return {
    engine: "access",
    capabilities: { schemaFromPgDump: false },
    mapType: mapAccessType,
    bytesBasis: ACCESS_BYTES_BASIS,
    encodingNote: describeEncoding(encoding, format.jet3),

    async test(): Promise<ConnectionTestResult> {
      const problems: string[] = [];
      const notes: string[] = [`Text is read as ${describeEncoding(encoding, format.jet3)}.`];
      const tables = listAccessTables(reader);
      if (tables.length === 0) problems.push(`${label} holds no tables: there is nothing to migrate.`);
      for (const name of tables) {
        const complex = reader
          .getTable(name)
          .getColumns()
          .filter((c) => c.type === "complex");
        if (complex.length)
          problems.push(
            `Table "${name}" has attachment or multi-value column(s) ${complex.map((c) => `"${c.name}"`).join(", ")}, which Ferry does not migrate: leave the table out of the migration.`,
          );
      }
      for (const name of tables) keys.of(name);
      if (!keys.readable)
        notes.push(
          "Primary keys and indexes could not be read from this file (encrypted pages); tables are created without them.",
        );
      if (reader.getPassword() !== null)
        notes.push(
          "The file has an Access 2000–2003 database password, which does not encrypt its data: Ferry reads it without the password.",
        );
      return {
        ok: problems.length === 0,
        engine: "access",
        serverVersion: format.version,
        currentUser: null,
        database: label,
        encoding: encoding === "auto" ? (format.jet3 ? "windows-1252" : "UTF-16") : encoding,
        sizeBytes: (await stat(filePath)).size,
        tableCount: tables.length,
        canBeTarget: false,
        problems,
        notes,
        testedAt: new Date().toISOString(),
      };
    },

    async listTables(): Promise<SourceTable[]> {
      return listAccessTables(reader).map((name) => {
        const t = reader.getTable(name);
        return {
          schema: null,
          name,
          rowCount: t.rowCount,
          columnCount: t.columnCount,
          hasPrimaryKey: keys.of(name).primaryKey !== null,
        };
      });
    },

    async introspect(only) {
      return introspectAccess(reader, format.jet3, only, keys.of);
    },

    // Storage order always: the catalog marks Access tables unorderedReads, so verification hashes a multiset.
    readRows(table, opts: ReadRowsOptions) {
      return readAccessRows(reader, table.name, opts.columns, opts.batchRows, decode);
    },

    async estimateBytes(table) {
      bytes ??= accessTableBytes(reader, buffer.length);
      return bytes.get(table.name) ?? null;
    },

    fingerprint: async () => `sha256:${await fileSha256(filePath)}`,

    async close() {
      // mdb-reader holds only the file's Buffer; dropping the reference frees it.
    },
  };
}
