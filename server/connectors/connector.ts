import type { ColumnProfile, ConnectionTestResult, Engine, SourceTable } from "@/contracts/connections";
import type { Catalog, CatalogTable } from "@/server/catalog/catalog";
import type { MigrationOptions } from "@/contracts/migrations";
import type { MappedType, ValueKind } from "@/server/typemap/value-kind";

export type ReadRowsOptions = {
  /** Only these columns, in this order. */
  columns: string[];
  /** Key order (verification needs it); copies read in storage order, which is faster. */
  orderByKey: boolean;
  batchRows: number;
  /** Source row keys to leave out: rows rejected before the copy. */
  exclude?: readonly string[];
};

/** A source row that cannot land in its target column as it is, found before anything is written. */
export type RowReject = { key: string; column: string; value: string; reason: string };

/** Rows already in PostgreSQL's COPY text format (UTF-8), and how many. */
export type CopyTextChunk = { bytes: Uint8Array; rows: number };

/** Rows whose integer key column lies in [lo, hi); a null bound is open. */
export type KeyRangeFilter = { column: string; lo: string | null; hi: string | null };

/** One interface per source engine; engines differ only inside their folder. */
export interface SourceConnector {
  readonly engine: Engine;
  /** The run strategy follows these, never the engine's name. */
  readonly capabilities: { schemaFromPgDump: boolean };
  /** For the report: how far the source could change while it was read (absent: an uploaded file that cannot). */
  readonly consistency?: string;
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
    opts: {
      batchRows: number;
      range?: KeyRangeFilter;
      exclude?: readonly string[];
      /** Takes rows that cannot land, which the copy then leaves out; without it such a row fails the copy. */
      onReject?: (r: RowReject) => void;
      /** PostgreSQL's binary COPY form, for a PostgreSQL target of the same major version. */
      binary?: boolean;
    },
  ): AsyncIterable<CopyTextChunk>;
  /**
   * Rows whose values cannot land as the plan types them (text in a number column, invalid UTF-8, NUL in
   * text…), at most `cap` + 1 of them. Engines whose values always fit their declared types leave it out.
   */
  findRejects?(
    table: CatalogTable,
    columns: { name: string; kind: ValueKind }[],
    cap: number,
  ): Promise<RowReject[]>;
  /** Bytes of row data in one table, where the engine can tell without reading every row. */
  estimateBytes?(table: CatalogTable): Promise<number | null>;
  /** What estimateBytes counts, for the dry run: the values themselves, storage pages, a share of a file… */
  readonly bytesBasis?: string;
  /** What each column's values really are, and the type proposed for them (engines with loose typing). */
  profileColumns?(table: CatalogTable, options: MigrationOptions): Promise<ColumnProfile[]>;
  /** A stable description of exactly what was read (file hash, server version…), for the report. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}
