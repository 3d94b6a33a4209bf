"use client";

import { useState } from "react";
import { auditSearchParams } from "@/contracts/audit";
import { AuditFilters, NO_FILTERS, type AuditFilterValues } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/contracts/format";
import { EmptyState, ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { auditCsvUrl, useAudit } from "@/hooks/use-audit";

const PAGE_SIZE = 50;

export default function AuditPage() {
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const query = auditSearchParams({ ...filters, page, pageSize: PAGE_SIZE });
  const audit = useAudit(query);
  const data = audit.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Every change anyone made in Ferry, newest first. The database refuses to alter or delete it."
        actions={
          <a href={auditCsvUrl(query)} download>
            <Button variant="secondary">Export CSV</Button>
          </a>
        }
      />
      <AuditFilters
        initial={filters}
        onApply={(v) => {
          setFilters(v);
          setPage(1);
        }}
      />
      {audit.isError && <ErrorBox>{errorMessage(audit.error)}</ErrorBox>}
      {data && data.total === 0 && (
        <EmptyState title="No events match">
          Nothing in the trail matches these filters. Clear them, or widen the date range.
        </EmptyState>
      )}
      {data && data.total > 0 && (
        <>
          <AuditTable events={data.events} />
          <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
            <span data-testid="audit-total">
              {formatCount(data.total)} event{data.total === 1 ? "" : "s"} · page {data.page} of {pages}
            </span>
            <span className="flex gap-2">
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Newer
              </Button>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Older
              </Button>
            </span>
          </div>
        </>
      )}
    </>
  );
}
