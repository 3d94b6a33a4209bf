import * as z from "zod";

const day = z.iso.date({ error: "Use a date as YYYY-MM-DD." });

/** Filters of the audit trail, from the query string; every one optional, dates inclusive (UTC days). */
export const AuditQuery = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  objectType: z.string().trim().max(100).optional(),
  objectId: z.string().trim().max(200).optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEventView = z.object({
  id: z.number().int(),
  at: z.string(),
  /** null: Ferry itself (a worker, a preflight). */
  actor: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditPage = z.object({
  events: z.array(AuditEventView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** The query string of a filter: empty filters left out, so URLs stay short and shareable. */
export function auditSearchParams(q: Partial<Record<keyof AuditQuery, string | number>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") params.set(k, String(v));
  return params;
}

/** One line for a table cell: the details' scalar fields as key=value, long values shortened. */
export function summariseDetails(details: Record<string, unknown>, max = 160): string {
  const parts = Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const text = parts.join(", ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
