import { z } from "zod";

export const ReportTableV1 = z.object({
  name: z.string(),
  targetName: z.string(),
  sourceRows: z.number(),
  targetRows: z.number(),
  sourceChecksum: z.string(),
  targetChecksum: z.string(),
  /** "key-ordered" when the table has a primary key, else an order-independent multiset hash. */
  checksumMethod: z.enum(["key-ordered", "multiset"]),
  match: z.boolean(),
  /** Source rows left out because a value could not land as planned; listed in `rejects`. */
  rejectedRows: z.number().int().default(0),
});
export type ReportTableV1 = z.infer<typeof ReportTableV1>;

/** A pass/fail line beyond table contents: an object kind counted on both sides, sequences, extensions. */
export const ReportCheckV1 = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });
export type ReportCheckV1 = z.infer<typeof ReportCheckV1>;

export const ReportRejectV1 = z.object({
  table: z.string(),
  key: z.string(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});
export type ReportRejectV1 = z.infer<typeof ReportRejectV1>;

export const ReportV1 = z.object({
  version: z.literal(1),
  ok: z.boolean(),
  runId: z.uuid(),
  migration: z.object({ id: z.uuid(), name: z.string() }),
  source: z.object({ engine: z.string(), name: z.string(), fingerprint: z.string() }),
  target: z.object({ name: z.string(), serverVersion: z.string(), database: z.string(), schema: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  ferryVersion: z.string(),
  canonicalization: z.string(),
  tables: z.array(ReportTableV1),
  checks: z.array(ReportCheckV1).default([]),
  /** Rows that were not migrated, with the reason (at most the first 1,000). */
  rejects: z.array(ReportRejectV1).default([]),
  /** Said plainly when the source could not be read at one instant. */
  consistency: z.string().default(""),
  summary: z.object({
    tables: z.number(),
    tablesMatching: z.number(),
    sourceRows: z.number(),
    targetRows: z.number(),
  }),
});
export type ReportV1 = z.infer<typeof ReportV1>;
