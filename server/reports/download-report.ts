import type { ReportFormat, ReportSignature } from "@/contracts/reports";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { loadSignedReport } from "./load-signed-report";
import { renderCsv } from "./render-csv";
import { renderPdf } from "./render-pdf";
import { SIGNATURE_ALGORITHM } from "./signing/sign-report";

const CONTENT_TYPE: Record<ReportFormat, string> = {
  json: "application/json",
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
};

export type ReportDownload = ReportSignature & {
  body: string | ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
};

/** The signed report in one format; every download is in the audit trail. */
export async function downloadReport({
  actor,
  runId,
  format,
}: {
  actor: SessionUser;
  runId: string;
  format: ReportFormat;
}): Promise<ReportDownload> {
  const signed = await loadSignedReport(runId);
  await recordAudit(db(), {
    actor,
    action: "report.download",
    objectType: "run",
    objectId: runId,
    details: { format, sha256: signed.sha256, keyId: signed.keyId },
  });
  const body =
    format === "json" ? signed.json : format === "csv" ? renderCsv(signed.report) : renderPdf(signed);
  return {
    body,
    contentType: CONTENT_TYPE[format],
    filename: `ferry-report-${runId}.${format}`,
    sha256: signed.sha256,
    signature: signed.signature,
    keyId: signed.keyId,
    algorithm: SIGNATURE_ALGORITHM,
  };
}

/** The detached signature of a run's report, for saving beside report.json. */
export async function getReportSignature({
  actor,
  runId,
}: {
  actor: SessionUser;
  runId: string;
}): Promise<ReportSignature> {
  const { sha256, signature, keyId } = await loadSignedReport(runId);
  await recordAudit(db(), {
    actor,
    action: "report.signature",
    objectType: "run",
    objectId: runId,
    details: { sha256, keyId },
  });
  return { sha256, signature, keyId, algorithm: SIGNATURE_ALGORITHM };
}
