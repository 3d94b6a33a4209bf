import { and, eq, isNull, sql } from "drizzle-orm";
import { ReportV1 } from "@/contracts/reports";
import { db } from "@/server/db/client";
import { reports, runs } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/errors";
import { sha256Hex, signReportJson } from "./signing/sign-report";

export type SignedReport = {
  /** The stored bytes, exactly as hashed and signed. */
  json: string;
  report: ReportV1;
  sha256: string;
  signature: string;
  keyId: string;
};

/** The stored report with its signature; a report stored before signing existed is signed here, once. */
export async function loadSignedReport(runId: string): Promise<SignedReport> {
  const [row] = await db()
    .select({
      json: sql<string>`${reports.body}::text`,
      sha256: reports.sha256,
      signature: reports.signature,
      keyId: reports.keyId,
    })
    .from(reports)
    .where(eq(reports.runId, runId));
  if (!row) {
    const [run] = await db().select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    if (!run) throw notFound(`Run ${runId}`);
    throw new DomainError(
      404,
      "report_not_ready",
      `This run has no report yet (status: ${run.status}). The report is written when verification finishes.`,
    );
  }
  const report = ReportV1.parse(JSON.parse(row.json));
  if (row.signature && row.keyId)
    return { json: row.json, report, sha256: row.sha256, signature: row.signature, keyId: row.keyId };

  // Never sign bytes that are not the ones that were hashed when the report was made.
  if (sha256Hex(row.json) !== row.sha256)
    throw new DomainError(
      409,
      "report_hash_mismatch",
      "The stored report no longer matches the SHA-256 recorded when it was made, so Ferry will not sign it.",
    );
  const signed = await signReportJson(row.json);
  const [won] = await db()
    .update(reports)
    .set({ signature: signed.signature, keyId: signed.keyId })
    .where(and(eq(reports.runId, runId), isNull(reports.signature)))
    .returning({ signature: reports.signature, keyId: reports.keyId });
  if (won) return { json: row.json, report, ...signed };
  // Another request signed it first: use that signature.
  return loadSignedReport(runId);
}
