import * as z from "zod";
import { PostScripts } from "./post-scripts";

export const IfTargetExists = z.enum(["fail", "recreate"]);
export type IfTargetExists = z.infer<typeof IfTargetExists>;

/** Types a DBA may choose for a column instead of the proposed one. */
export const ColumnTypeChoice = z.enum([
  "text",
  "bytea",
  "smallint",
  "integer",
  "bigint",
  "double precision",
  "numeric",
  "boolean",
  "date",
  "timestamp",
  "timestamptz",
]);
export type ColumnTypeChoice = z.infer<typeof ColumnTypeChoice>;

export const MigrationOptions = z.object({
  /** Rows per COPY write and per progress step; bounds the worker's memory. */
  batchSize: z.coerce.number().int().min(100).max(200_000).default(10_000),
  ifTargetExists: IfTargetExists.default("fail"),
  /** Schema in the target that receives the tables. */
  targetSchema: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .refine((s) => !s.includes("\0"), { error: "A schema name cannot contain a NUL byte." })
    .default("public"),
  /** SQLite DATE/DATETIME/TIMESTAMP columns: map to PostgreSQL date/timestamp, or keep the text as stored. */
  dates: z.enum(["map", "text"]).default("map"),
  /** MySQL sources: TINYINT(1) (and BOOLEAN, its alias) becomes boolean, or smallint when it holds other values. */
  mysqlTinyint1: z.enum(["boolean", "smallint"]).default("boolean"),
  /** How many tables (or parts of tables) copy at once. */
  parallelTables: z.coerce.number().int().min(1).max(8).default(2),
  /** Per table ("schema.name" or name), per column: the PostgreSQL type the DBA chose over the proposal. */
  columnTypes: z.record(z.string(), z.record(z.string(), ColumnTypeChoice)).default({}),
  /** PostgreSQL sources: only these schemas (empty: every schema). */
  includeSchemas: z.array(z.string().min(1).max(63)).max(1000).default([]),
  /** PostgreSQL sources: leave these schemas and everything in them out. */
  excludeSchemas: z.array(z.string().min(1).max(63)).max(1000).default([]),
  /** PostgreSQL sources: leave these tables or views ("schema.name") and their indexes, triggers, policies out. */
  excludeTables: z.array(z.string().min(1)).max(10_000).default([]),
  /** PostgreSQL sources: carry owners and grants (the target must have the same roles); off by default. */
  ownersAndGrants: z.boolean().default(false),
  /**
   * PostgreSQL sources: tables with an integer key and more rows than this copy as several key ranges. Large by
   * default: on PostgreSQL 15 two sessions copying into one table wait on each other to extend it, so whole
   * tables side by side copied faster in the bench (1M rows: 3.3 s with 250k-row ranges, 2.9–3.1 s with 1M).
   */
  chunkRows: z.coerce.number().int().min(1_000).max(100_000_000).default(1_000_000),
  /** The maintenance window the run must fit in, in minutes; preflight compares the estimate with it. */
  plannedWindowMinutes: z.coerce.number().int().min(1).max(100_000).nullable().default(null),
  /** Dump the target tables the run will replace (pg_dump -Fc) and note what it creates, so it can be rolled back. */
  snapshotBeforeRun: z.boolean().default(false),
  /**
   * Verify the target (counts, checksums, objects) at the end of each run, before it is called done. Off, a
   * run ends once keys and FKs are in and analyzed, unverified; "Verify now" on its page verifies it later.
   */
  verifyAfterRun: z.boolean().default(true),
  /**
   * ANALYZE every table before the run ends, so the planner has statistics at once. Off, the run ends sooner and
   * leaves them to autovacuum's ANALYZE shortly after (within autovacuum_naptime), as pg_dump | psql and
   * pg_restore do; for a tight window on a big database.
   */
  analyzeInRun: z.boolean().default(true),
  /** Run in order after post-data, before verification, each in its own transaction. */
  postScripts: PostScripts.default([]),
});
export type MigrationOptions = z.infer<typeof MigrationOptions>;

export const CreateMigrationInput = z.object({
  name: z.string().trim().min(1, { error: "Give the migration a name." }).max(120),
  sourceId: z.uuid({ error: "Choose a source connection." }),
  targetId: z.uuid({ error: "Choose a target connection." }),
  /** Source table names; absent means every table. */
  tables: z.array(z.string().min(1)).min(1, { error: "Select at least one table." }).optional(),
  options: MigrationOptions.partial().optional(),
});
export type CreateMigrationInput = z.infer<typeof CreateMigrationInput>;

export const MigrationView = z.object({
  id: z.uuid(),
  name: z.string(),
  sourceId: z.uuid(),
  targetId: z.uuid(),
  sourceName: z.string(),
  targetName: z.string(),
  sourceEngine: z.string(),
  tables: z.array(z.string()).nullable(),
  options: MigrationOptions,
  createdAt: z.string(),
  createdBy: z.string(),
  lastRun: z
    .object({ id: z.uuid(), status: z.string(), createdAt: z.string(), verified: z.boolean().nullable() })
    .nullable(),
});
export type MigrationView = z.infer<typeof MigrationView>;

/** What a run would do, worked out without writing to the target. */
export const DryRunTable = z.object({
  name: z.string(),
  targetName: z.string(),
  rows: z.number(),
  /** rows is the source's fresh statistics for a large table, not a count. */
  rowsEstimated: z.boolean(),
  /** Bytes of row data in the source, where the engine can tell cheaply. */
  bytes: z.number().nullable(),
  estimatedSeconds: z.number().nullable(),
  columns: z.array(
    z.object({ name: z.string(), declaredType: z.string(), pgType: z.string(), chosen: z.boolean() }),
  ),
  predictedRejects: z.number(),
  rejectExamples: z.array(z.string()),
  notes: z.array(z.string()),
});
export type DryRunTable = z.infer<typeof DryRunTable>;

export const DryRunResult = z.object({
  migrationId: z.uuid(),
  tables: z.array(DryRunTable),
  totals: z.object({
    rows: z.number(),
    rowsEstimated: z.boolean(),
    bytes: z.number().nullable(),
    estimatedSeconds: z.number().nullable(),
    predictedRejects: z.number(),
  }),
  /** Where the time estimate comes from: this installation's earlier runs, or none yet. */
  rateBasis: z.string(),
  /** What the byte figures count (the values, storage pages, a share of a file), or null when unknown. */
  bytesBasis: z.string().nullable(),
  /** What would stop the run before it writes (target problems, existing tables, names too long). */
  blockers: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type DryRunResult = z.infer<typeof DryRunResult>;

/** A change of plan: any of these fields; options merge into the stored ones. Voids an approval. */
export const UpdateMigrationInput = z.object({
  name: CreateMigrationInput.shape.name.optional(),
  tables: CreateMigrationInput.shape.tables.nullable(),
  options: MigrationOptions.partial().optional(),
});
export type UpdateMigrationInput = z.infer<typeof UpdateMigrationInput>;
