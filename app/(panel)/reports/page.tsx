"use client";

import { useState } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { ReportsTable } from "@/components/reports/reports-table";
import { Field, Input, Select } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { formatCount } from "@/contracts/format";
import { EmptyState, ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useReportList } from "@/hooks/use-reports";

type Filters = { q: string; verdict: string; from: string; to: string };
const NONE: Filters = { q: "", verdict: "all", from: "", to: "" };

const toQuery = (f: Filters) =>
  new URLSearchParams(Object.entries(f).filter(([k, v]) => v !== "" && !(k === "verdict" && v === "all")));

export default function ReportsPage() {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const list = useReportList(toQuery(filters));
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [k]: e.target.value });
  const data = list.data;
  return (
    <>
      <PageHeader
        title="Verification reports"
        subtitle="Every signed report, newest first. Each download is recorded in the audit trail; check a file's signature on the Verify page."
      />
      <FilterForm
        onApply={() => setFilters(draft)}
        onClear={() => {
          setDraft(NONE);
          setFilters(NONE);
        }}
      >
        <Field label="Migration">
          <Input placeholder="name contains" value={draft.q} onChange={set("q")} />
        </Field>
        <Field label="Verdict">
          <Select value={draft.verdict} onChange={set("verdict")}>
            <option value="all">All</option>
            <option value="verified">Verified</option>
            <option value="failed">Differences found</option>
          </Select>
        </Field>
        <Field label="From">
          <Input type="date" value={draft.from} onChange={set("from")} />
        </Field>
        <Field label="To">
          <Input type="date" value={draft.to} onChange={set("to")} />
        </Field>
      </FilterForm>
      {list.isError && <ErrorBox>{errorMessage(list.error)}</ErrorBox>}
      {data && data.total === 0 && (
        <EmptyState title="No reports match">
          A report appears here when a run finishes its verification. Clear the filters, or widen the dates.
        </EmptyState>
      )}
      {data && data.total > 0 && (
        <>
          <ReportsTable reports={data.reports} />
          <p className="mt-3 text-sm text-slate-600" data-testid="reports-total">
            {formatCount(data.total)} report{data.total === 1 ? "" : "s"}
            {data.total > data.limit
              ? ` · the newest ${data.limit} shown; narrow the filters for older ones`
              : ""}
          </p>
        </>
      )}
    </>
  );
}
