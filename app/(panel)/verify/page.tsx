"use client";

import { PageHeader } from "@/components/layout/page-header";
import { VerifyForm } from "@/components/reports/verify-form";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useVerifyReport } from "@/hooks/use-reports";

export default function VerifyPage() {
  const verify = useVerifyReport();
  return (
    <>
      <PageHeader
        title="Verify a report"
        subtitle="Checks that a report JSON is exactly what Ferry signed, with any of Ferry's signing keys, current or rotated."
      />
      <div className="max-w-2xl space-y-4">
        {verify.isError && <ErrorBox>{errorMessage(verify.error)}</ErrorBox>}
        <VerifyForm busy={verify.isPending} result={verify.data} onVerify={(input) => verify.mutate(input)} />
      </div>
    </>
  );
}
