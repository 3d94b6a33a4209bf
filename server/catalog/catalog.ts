/** The engine-neutral model of a source database that plan/, copy/ and verify/ work from. */
export type CatalogColumn = {
  name: string;
  /** The type as the source declares it (SQLite: the declared type text, may be empty). */
  declaredType: string;
  nullable: boolean;
  position: number;
  /** The column's default, read by the engine's own parser (absent: none, or a PostgreSQL source's pg_dump). */
  default?: SourceDefault;
};

/** A well-known function a default may call, whatever the engine spells it. */
export type DefaultFunction =
  /** The current date and time: CURRENT_TIMESTAMP, now(), GETDATE(), SYSDATETIME()… */
  | "now"
  /** The current UTC date and time: GETUTCDATE(), SYSUTCDATETIME(), UTC_TIMESTAMP(). */
  | "utc_now"
  /** The current date: CURRENT_DATE, CURDATE(). */
  | "today"
  /** A random UUID: NEWID(), UUID(). */
  | "uuid";

/**
 * A column default as a value, never as the source's SQL: plan/ renders it for PostgreSQL through a literal
 * renderer. `original` is the source's own text, for the warning when it cannot be carried.
 */
export type SourceDefault = { original: string } & (
  | { kind: "number"; text: string }
  | { kind: "string"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "function"; name: DefaultFunction }
  /** SQLite's CURRENT_TIMESTAMP / CURRENT_DATE, which write UTC text ('YYYY-MM-DD HH:MM:SS'). */
  | { kind: "utc_text"; format: "timestamp" | "date" }
  /** An expression Ferry does not translate: left out, with a warning. */
  | { kind: "expression" }
);

export type CatalogForeignKey = {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
};

export type CatalogIndex = {
  name: string;
  columns: string[];
  unique: boolean;
  /** Per column, the leading characters (bytes for binary) indexed, where only a prefix is (MySQL). */
  prefixLengths?: (number | null)[];
};

export type CatalogTable = {
  schema: string | null;
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[] | null;
  /** A single integer key the engine assigns (SQLite INTEGER PRIMARY KEY): becomes an identity column. */
  autoKey: string | null;
  foreignKeys: CatalogForeignKey[];
  indexes: CatalogIndex[];
  rowCount: number;
  /** rowCount is PostgreSQL's estimate (fresh statistics of a large table), not a count: shown as "about". */
  rowCountEstimated?: boolean;
  /** PostgreSQL: the estimate read with the catalog was taken by ANALYZE or VACUUM and little changed since. */
  freshEstimate?: boolean;
  /** On-disk size of the table and its TOAST (not indexes), where the source says it (PostgreSQL). */
  sizeBytes?: number;
  /** A TimescaleDB hypertable: its rows live in chunks, so it is read with a SELECT, never COPY table TO. */
  hypertable?: boolean;
  /**
   * The engine reads rows in storage order only (Access through mdb-reader has no ORDER BY, and sorting a
   * table in memory would break the bounded-memory rule): verification hashes it as a multiset.
   */
  unorderedReads?: boolean;
  /**
   * PostgreSQL: every column's type (or a domain's base type) is built into the server, so its binary COPY
   * form reads the same on a target of the same major version (no type OIDs or extension versions differ).
   */
  builtinTypes?: boolean;
};

export type Catalog = {
  tables: CatalogTable[];
  /** What the engine carries differently from the source (computed columns, left-out indexes…), for the run log. */
  notes?: string[];
};

/** How a table is named in selections, progress and reports: "schema.name" where the engine has schemas. */
export const tableKey = (t: Pick<CatalogTable, "schema" | "name">) =>
  t.schema ? `${t.schema}.${t.name}` : t.name;
