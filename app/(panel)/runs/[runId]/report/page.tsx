"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { ReportView } from "@/components/reports/report-view";
import { SignaturePanel } from "@/components/reports/signature-panel";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useReport } from "@/hooks/use-migrations";
import { useReportSignature } from "@/hooks/use-reports";

export default function ReportPage() {
  const { runId } = useParams<{ runId: string }>();
  const report = useReport(runId);
  const signature = useReportSignature(runId, report.isSuccess);
  return (
    <>
      <PageHeader
        title={report.data ? `Verification report — ${report.data.migration.name}` : "Verification report"}
        subtitle={
          <Link href={`/runs/${runId}`} className="text-teal-800 hover:underline">
            ← Back to the run
          </Link>
        }
        actions={(["json", "csv", "pdf"] as const).map((format) => (
          <a key={format} href={`/api/runs/${runId}/report?format=${format}&download=1`} download>
            <Button variant="secondary" data-testid={`download-${format}`}>
              Download report.{format}
            </Button>
          </a>
        ))}
      />
      {report.isError && <ErrorBox>{errorMessage(report.error)}</ErrorBox>}
      {report.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {report.data && <ReportView report={report.data} />}
      {signature.data && (
        <div className="mt-6">
          <SignaturePanel signature={signature.data} />
        </div>
      )}
    </>
  );
}
