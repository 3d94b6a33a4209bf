import * as z from "zod";

/** A database object in the target, as a before/after catalog diff names it. */
export const CatalogObjectKind = z.enum([
  "extension",
  "schema",
  "type",
  "domain",
  "function",
  "sequence",
  "table",
  "foreign table",
  "view",
  "materialized view",
  "index",
]);
export type CatalogObjectKind = z.infer<typeof CatalogObjectKind>;

export const CatalogObject = z.object({
  kind: CatalogObjectKind,
  /** Null for schemas and extensions. */
  schema: z.string().nullable(),
  name: z.string(),
  /** Functions: the argument types, so an overload is dropped exactly. */
  args: z.string().nullable().default(null),
});
export type CatalogObject = z.infer<typeof CatalogObject>;

/** A snapshotted table's state at snapshot time, to prove a rollback brought it back. */
export const TableFingerprint = z.object({
  schema: z.string(),
  name: z.string(),
  rows: z.number(),
  checksum: z.string(),
});
export type TableFingerprint = z.infer<typeof TableFingerprint>;

export const RollbackStatus = z.enum(["queued", "running", "succeeded", "failed"]);
export type RollbackStatus = z.infer<typeof RollbackStatus>;

export const RollbackStep = z.object({
  label: z.string(),
  status: z.enum(["pending", "running", "done", "failed"]),
  detail: z.string().nullable(),
});
export type RollbackStep = z.infer<typeof RollbackStep>;

/** What the run page shows about undoing a run. */
export const RollbackView = z.object({
  /** Whether the run took what a rollback needs (the migration's snapshotBeforeRun option). */
  available: z.boolean(),
  snapshot: z
    .object({
      tables: z.array(z.string()),
      bytes: z.number().nullable(),
      durationMs: z.number(),
      createdObjects: z.number().nullable(),
    })
    .nullable(),
  status: RollbackStatus.nullable(),
  steps: z.array(RollbackStep),
  outcome: z.string().nullable(),
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RollbackView = z.infer<typeof RollbackView>;

export const RollbackRequestResult = z.object({
  runId: z.uuid(),
  status: RollbackStatus,
  alreadyRolledBack: z.boolean(),
  message: z.string(),
});
export type RollbackRequestResult = z.infer<typeof RollbackRequestResult>;
