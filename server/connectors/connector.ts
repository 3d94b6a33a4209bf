import type { ConnectionTestResult, Engine, SourceTable } from "@/contracts/connections";
import type { Catalog, CatalogTable } from "@/server/catalog/catalog";

export type ReadRowsOptions = {
  /** Only these columns, in this order. */
  columns: string[];
  /** Key order (verification needs it); copies read in storage order, which is faster. */
  orderByKey: boolean;
  batchRows: number;
};

/** One interface per source engine; engines differ only inside their folder. */
export interface SourceConnector {
  readonly engine: Engine;
  test(): Promise<ConnectionTestResult>;
  listTables(): Promise<SourceTable[]>;
  introspect(tableNames?: readonly string[]): Promise<Catalog>;
  /** Batches of rows (arrays in `columns` order); memory is bounded by batchRows. */
  readRows(table: CatalogTable, opts: ReadRowsOptions): AsyncIterable<unknown[][]>;
  /** A stable description of exactly what was read (file hash, server version…), for the report. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}
