import { eq } from "drizzle-orm";
import type { ReportV1 } from "@/contracts/reports";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { reports, runs } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/errors";

export async function getReport({
  actor,
  runId,
}: {
  actor: SessionUser;
  runId: string;
}): Promise<{ report: ReportV1; sha256: string }> {
  const [row] = await db().select().from(reports).where(eq(reports.runId, runId));
  if (!row) {
    const [run] = await db().select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    if (!run) throw notFound(`Run ${runId}`);
    throw new DomainError(
      404,
      "report_not_ready",
      `This run has no report yet (status: ${run.status}). The report is written when verification finishes.`,
    );
  }
  await recordAudit(db(), {
    actor,
    action: "report.download",
    objectType: "run",
    objectId: runId,
    details: { sha256: row.sha256 },
  });
  return { report: row.body, sha256: row.sha256 };
}
