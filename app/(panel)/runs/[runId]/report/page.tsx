"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { ReportView } from "@/components/reports/report-view";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useReport } from "@/hooks/use-migrations";

export default function ReportPage() {
  const { runId } = useParams<{ runId: string }>();
  const report = useReport(runId);
  return (
    <>
      <PageHeader
        title={report.data ? `Verification report — ${report.data.migration.name}` : "Verification report"}
        subtitle={
          <Link href={`/runs/${runId}`} className="text-teal-800 hover:underline">
            ← Back to the run
          </Link>
        }
        actions={
          <a href={`/api/runs/${runId}/report?download=1`} download>
            <Button variant="secondary">Download report.json</Button>
          </a>
        }
      />
      {report.isError && <ErrorBox>{errorMessage(report.error)}</ErrorBox>}
      {report.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {report.data && <ReportView report={report.data} />}
    </>
  );
}
