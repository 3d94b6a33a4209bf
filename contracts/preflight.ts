import * as z from "zod";

export const PreflightVerdict = z.enum(["pass", "warn", "fail"]);
export type PreflightVerdict = z.infer<typeof PreflightVerdict>;

/** One check's answer: what it found (evidence) and, unless it passed, what a DBA should do (remedy). */
export const PreflightCheckResult = z.object({
  id: z.string(),
  title: z.string(),
  verdict: PreflightVerdict,
  evidence: z.string(),
  remedy: z.string().nullable(),
});
export type PreflightCheckResult = z.infer<typeof PreflightCheckResult>;

export const PreflightSummary = z.object({
  pass: z.number().int(),
  warn: z.number().int(),
  fail: z.number().int(),
  /** Checks that do not apply to this pair of engines (e.g. source locks for a file source). */
  notApplicable: z.array(z.string()),
});
export type PreflightSummary = z.infer<typeof PreflightSummary>;

export const PreflightStatus = z.enum(["queued", "running", "finished", "failed"]);
export type PreflightStatus = z.infer<typeof PreflightStatus>;

/** The latest assessment of a migration; checks are empty until it has finished. */
export const PreflightReport = z.object({
  id: z.uuid(),
  migrationId: z.uuid(),
  status: PreflightStatus,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Failures first, then warnings, then passes. */
  checks: z.array(PreflightCheckResult),
  summary: PreflightSummary,
  /** Set when the assessment itself could not run (the migration vanished, Ferry's database was down). */
  error: z.string().nullable(),
});
export type PreflightReport = z.infer<typeof PreflightReport>;

const ORDER: Record<PreflightVerdict, number> = { fail: 0, warn: 1, pass: 2 };

/** Failures first, then warnings, then passes; the registry's order within each. */
export function sortChecks<T extends { verdict: PreflightVerdict }>(checks: readonly T[]): T[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.verdict] - ORDER[b.c.verdict] || a.i - b.i)
    .map(({ c }) => c);
}

export function summarize(
  checks: readonly { verdict: PreflightVerdict }[],
  notApplicable: string[],
): PreflightSummary {
  const count = (v: PreflightVerdict) => checks.filter((c) => c.verdict === v).length;
  return { pass: count("pass"), warn: count("warn"), fail: count("fail"), notApplicable };
}
