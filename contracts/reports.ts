import * as z from "zod";

/** One differing value (changed), or a row present on one side only (missing / extra on the target). */
export const ReportDifferenceV1 = z.object({
  kind: z.enum(["missing", "extra", "changed"]),
  /** The row's key (canonical text, ", " between columns); a keyless table's bucket instead. */
  key: z.string(),
  /** The differing column; null for a whole row. */
  column: z.string().nullable(),
  /** Canonical text, truncated; null is SQL NULL or the row's absence on that side. */
  source: z.string().nullable(),
  target: z.string().nullable(),
});
export type ReportDifferenceV1 = z.infer<typeof ReportDifferenceV1>;

export const ReportDifferenceCountV1 = z.object({
  missing: z.number().int(),
  extra: z.number().int(),
  changed: z.number().int(),
});
export type ReportDifferenceCountV1 = z.infer<typeof ReportDifferenceCountV1>;

/** How the contents were compared: key-range segments (or hash buckets without a key), each hashed on both sides. */
export const ReportSegmentsV1 = z.object({
  kind: z.enum(["key-range", "bucket", "none"]),
  count: z.number().int(),
  /** Rows per segment, about (key ranges); buckets are hash classes. */
  size: z.number().int(),
  mismatched: z.number().int(),
});
export type ReportSegmentsV1 = z.infer<typeof ReportSegmentsV1>;

export const ReportTableV1 = z.object({
  name: z.string(),
  targetName: z.string(),
  sourceRows: z.number(),
  targetRows: z.number(),
  sourceChecksum: z.string(),
  targetChecksum: z.string(),
  /**
   * "key-ordered" when the table has a primary key, else an order-independent multiset hash;
   * "binary-key-ordered" when both sides are PostgreSQL of one major version with built-in types only and
   * their binary COPY in key order hashed equal (see the report's canonicalization).
   */
  checksumMethod: z.enum(["key-ordered", "multiset", "binary-key-ordered"]),
  match: z.boolean(),
  /** Source rows left out because a value could not land as planned; listed in `rejects`. */
  rejectedRows: z.number().int().default(0),
  /** The first differences found (at most 50). */
  differences: z.array(ReportDifferenceV1).default([]),
  /** Rows that differ in all: missing on the target, extra on it, changed. */
  differenceCount: ReportDifferenceCountV1.default({ missing: 0, extra: 0, changed: 0 }),
  segments: ReportSegmentsV1.default({ kind: "none", count: 0, size: 0, mismatched: 0 }),
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

export const ReportChecklistItemV1 = z.object({
  id: z.string(),
  phase: z.string(),
  title: z.string(),
  kind: z.enum(["auto", "manual"]),
  state: z.enum(["open", "done", "warn", "failed", "na"]),
  /** Who set the state; null when Ferry's own evidence did. */
  by: z.string().nullable(),
  at: z.string().nullable(),
  note: z.string().nullable(),
  evidence: z.string().nullable(),
});
export type ReportChecklistItemV1 = z.infer<typeof ReportChecklistItemV1>;

export const ReportApprovalV1 = z.object({
  planHash: z.string(),
  approvedBy: z.string(),
  approvedAt: z.string(),
  note: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** The approval is of the plan this run executed. */
  matchesRunPlan: z.boolean(),
});
export type ReportApprovalV1 = z.infer<typeof ReportApprovalV1>;

export const ReportWaiverV1 = z.object({
  checkId: z.string(),
  checkTitle: z.string(),
  /** The warning's evidence when it was waived. */
  evidence: z.string(),
  reason: z.string(),
  waivedBy: z.string(),
  at: z.string(),
});
export type ReportWaiverV1 = z.infer<typeof ReportWaiverV1>;

/** What the run was asked to do and how long each phase took. */
export const ReportManifestV1 = z.object({
  /** "run" for the run's own verification, "re-verify" when verified again later on request. */
  verification: z.enum(["run", "re-verify"]).default("run"),
  options: z.record(z.string(), z.unknown()).default({}),
  timings: z.array(z.object({ phase: z.string(), seconds: z.number() })).default([]),
});
export type ReportManifestV1 = z.infer<typeof ReportManifestV1>;

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
  /** The migration's checklist when the report was built: state, who, when, note or evidence per item. */
  checklist: z.array(ReportChecklistItemV1).default([]),
  /** Every approval of the migration, newest first; the one matching the run's plan says so. */
  approvals: z.array(ReportApprovalV1).default([]),
  /** Preflight warnings a lead accepted, with the reason. */
  waivers: z.array(ReportWaiverV1).default([]),
  manifest: ReportManifestV1.default({ verification: "run", options: {}, timings: [] }),
  summary: z.object({
    tables: z.number(),
    tablesMatching: z.number(),
    sourceRows: z.number(),
    targetRows: z.number(),
  }),
});
export type ReportV1 = z.infer<typeof ReportV1>;

export const ReportFormat = z.enum(["json", "csv", "pdf"]);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** What was signed: the SHA-256 of the report's exact JSON bytes and an Ed25519 signature over those bytes. */
export const ReportSignature = z.object({
  sha256: z.string(),
  /** base64 of the 64 signature bytes */
  signature: z.string(),
  keyId: z.string(),
  algorithm: z.literal("Ed25519"),
});
export type ReportSignature = z.infer<typeof ReportSignature>;

export const SigningKeyView = z.object({
  keyId: z.string(),
  publicKeyPem: z.string(),
  createdAt: z.string(),
});
export type SigningKeyView = z.infer<typeof SigningKeyView>;

export const SigningKeys = z.object({
  algorithm: z.literal("Ed25519"),
  current: SigningKeyView,
  previous: z.array(SigningKeyView),
});
export type SigningKeys = z.infer<typeof SigningKeys>;

/** POST /api/reports/verify as JSON; multipart takes the same two fields as text or files. */
export const VerifyReportInput = z.object({
  report: z
    .string()
    .min(1, { error: "Add the report JSON." })
    .max(64 * 1024 ** 2),
  signature: z.string().min(1, { error: "Add the signature." }).max(4096),
  keyId: z.string().optional(),
});
export type VerifyReportInput = z.infer<typeof VerifyReportInput>;

export const VerifyResult = z.object({
  valid: z.boolean(),
  keyId: z.string().nullable(),
  sha256: z.string(),
  reason: z.string(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

/** Filters of the auditor's report list, from the query string; dates inclusive (UTC days). */
export const ReportListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  verdict: z.enum(["all", "verified", "failed"]).default("all"),
  from: z.iso.date({ error: "Use a date as YYYY-MM-DD." }).optional(),
  to: z.iso.date({ error: "Use a date as YYYY-MM-DD." }).optional(),
});
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** One signed report in the list: what it proves at a glance, and where to download it. */
export const ReportListRow = z.object({
  runId: z.uuid(),
  migrationId: z.uuid(),
  migrationName: z.string(),
  sourceName: z.string(),
  sourceEngine: z.string(),
  targetName: z.string(),
  ok: z.boolean(),
  tables: z.number().int(),
  tablesMatching: z.number().int(),
  sourceRows: z.number(),
  createdAt: z.string(),
  sha256: z.string(),
  signed: z.boolean(),
});
export type ReportListRow = z.infer<typeof ReportListRow>;

/** The newest reports first, at most `limit`; `total` counts every match. */
export const ReportList = z.object({
  reports: z.array(ReportListRow),
  total: z.number().int(),
  limit: z.number().int(),
});
export type ReportList = z.infer<typeof ReportList>;
