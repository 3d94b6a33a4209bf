import type { ConnectionTestResult, Engine, SourceTable } from "@/contracts/connections";
import type { Catalog, CatalogTable } from "@/server/catalog/catalog";
import type { MigrationOptions } from "@/contracts/migrations";
import type { MappedType, ValueKind } from "@/server/typemap/value-kind";

export type ReadRowsOptions = {
  /** Only these columns, in this order. */
  columns: string[];
  /** Key order (verification needs it); copies read in storage order, which is faster. */
  orderByKey: boolean;
  batchRows: number;
};

/** Rows already in PostgreSQL's COPY text format (UTF-8), and how many. */
export type CopyTextChunk = { bytes: Uint8Array; rows: number };

/** Rows whose integer key column lies in [lo, hi); a null bound is open. */
export type KeyRangeFilter = { column: string; lo: string | null; hi: string | null };

/** One interface per source engine; engines differ only inside their folder. */
export interface SourceConnector {
  readonly engine: Engine;
  /** The run strategy follows these, never the engine's name. */
  readonly capabilities: { schemaFromPgDump: boolean };
  /** The PostgreSQL type and value kind for one of this engine's declared column types. */
  mapType(declared: string, options: MigrationOptions): MappedType;
  test(): Promise<ConnectionTestResult>;
  listTables(): Promise<SourceTable[]>;
  introspect(tableNames?: readonly string[]): Promise<Catalog>;
  /** Batches of rows (arrays in `columns` order); memory is bounded by batchRows. */
  readRows?(table: CatalogTable, opts: ReadRowsOptions): AsyncIterable<unknown[][]>;
  /**
   * Fast path, where the engine can render COPY text itself: byte for byte what encoding readRows with
   * copy/source-values.ts would give. Absent means the copy encodes readRows in JS.
   */
  readCopyText?(
    table: CatalogTable,
    columns: { name: string; kind: ValueKind }[],
    /** `binary`: PostgreSQL's binary COPY form, for a PostgreSQL target of the same major version. */
    opts: { batchRows: number; range?: KeyRangeFilter; binary?: boolean },
  ): AsyncIterable<CopyTextChunk>;
  /** A stable description of exactly what was read (file hash, server version…), for the report. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}
