"use client";

import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { ApprovalCard } from "@/components/checklists/approval-card";
import { ChecklistCard } from "@/components/checklists/checklist-card";
import { DryRunView } from "@/components/migrations/dry-run-view";
import { PreflightView } from "@/components/migrations/preflight-view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatCount, formatTime } from "@/contracts/format";
import { EmptyState, ErrorBox } from "@/components/ui/messages";
import { StatusBadge } from "@/components/ui/status-badge";
import { errorMessage } from "@/hooks/api-client";
import {
  useApprove,
  useChecklist,
  useChooseTemplate,
  useRevoke,
  useUpdateItem,
  useWaive,
} from "@/hooks/use-checklist";
import { useDryRun, useMigration, useMigrationRuns, useStartRun } from "@/hooks/use-migrations";
import { useMigrationEvents } from "@/hooks/use-migration-events";
import { usePreflight, useStartPreflight } from "@/hooks/use-preflight";
import { useMe } from "@/hooks/use-session";

export default function MigrationPage() {
  const { migrationId } = useParams<{ migrationId: string }>();
  const router = useRouter();
  const migration = useMigration(migrationId);
  useMigrationEvents(migrationId);
  const runs = useMigrationRuns(migrationId);
  const start = useStartRun(migrationId);
  const dry = useDryRun(migrationId);
  const preflight = usePreflight(migrationId);
  const startPreflight = useStartPreflight(migrationId);
  const preflightBusy =
    startPreflight.isPending || ["queued", "running"].includes(preflight.data?.status ?? "");
  const me = useMe().data;
  const canOperate = ["admin", "dba"].includes(me?.role ?? "");
  const checklist = useChecklist(migrationId, preflight.data?.finishedAt);
  const updateItem = useUpdateItem(migrationId);
  const chooseTemplate = useChooseTemplate(migrationId);
  const approve = useApprove(migrationId);
  const revoke = useRevoke(migrationId);
  const waive = useWaive(migrationId);
  const checklistError = updateItem.error ?? chooseTemplate.error;
  const approvalError = approve.error ?? revoke.error ?? waive.error;
  const approvalBusy = approve.isPending || revoke.isPending || waive.isPending;
  const startBlocked = checklist.data?.startBlockedReason ?? null;
  if (migration.isError) return <ErrorBox>{errorMessage(migration.error)}</ErrorBox>;
  const m = migration.data;
  if (!m) return <p className="text-sm text-slate-500">Loading…</p>;
  const o = m.options;
  return (
    <>
      <PageHeader
        title={m.name}
        subtitle={
          <>
            {m.sourceName} <span className="text-slate-400">→</span> {m.targetName}
          </>
        }
        actions={
          canOperate && (
            <>
              <Button variant="secondary" onClick={() => dry.mutate()} disabled={dry.isPending}>
                {dry.isPending ? "Working it out…" : "Dry run"}
              </Button>
              <Button
                onClick={() => start.mutate(undefined, { onSuccess: (r) => router.push(`/runs/${r.id}`) })}
                disabled={start.isPending || !checklist.data || !!startBlocked}
                title={startBlocked ?? undefined}
              >
                {start.isPending ? "Starting…" : "Start run"}
              </Button>
            </>
          )
        }
      />
      {canOperate && startBlocked && (
        <p
          className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900"
          data-testid="start-blocked"
        >
          <span className="font-medium">Start run is unavailable.</span> {startBlocked}
        </p>
      )}
      {dry.isError && (
        <div className="mb-4">
          <ErrorBox title="The dry run could not finish">{errorMessage(dry.error)}</ErrorBox>
        </div>
      )}
      {dry.data && (
        <Card title="Dry run: what a run would do" className="mb-6">
          <DryRunView result={dry.data} />
        </Card>
      )}
      {checklist.isError && (
        <div className="mb-4">
          <ErrorBox title="The checklist could not be loaded">{errorMessage(checklist.error)}</ErrorBox>
        </div>
      )}
      {checklist.data && (
        <div className="mb-6 grid items-start gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <ChecklistCard
              view={checklist.data}
              canEdit={canOperate}
              busy={updateItem.isPending || chooseTemplate.isPending}
              error={checklistError ? errorMessage(checklistError) : null}
              onUpdate={(itemId, input) => updateItem.mutate({ itemId, input })}
              onTemplate={(templateId) => chooseTemplate.mutate(templateId)}
            />
          </div>
          <ApprovalCard
            view={checklist.data}
            viewer={me}
            warnings={
              preflight.data?.status === "finished"
                ? preflight.data.checks.filter((c) => c.verdict === "warn")
                : []
            }
            busy={approvalBusy}
            error={approvalError ? errorMessage(approvalError) : null}
            onApprove={() => approve.mutate("")}
            onRevoke={(reason) => revoke.mutate(reason)}
            onWaive={(checkId, reason) => waive.mutate({ checkId, reason })}
          />
        </div>
      )}
      <Card
        title="Preflight"
        className="mb-6"
        actions={
          canOperate && (
            <Button variant="secondary" onClick={() => startPreflight.mutate()} disabled={preflightBusy}>
              {preflightBusy ? "Checking…" : preflight.data ? "Run preflight again" : "Run preflight"}
            </Button>
          )
        }
      >
        {startPreflight.isError && (
          <div className="mb-4">
            <ErrorBox title="The preflight did not start">{errorMessage(startPreflight.error)}</ErrorBox>
          </div>
        )}
        {preflight.isError && <ErrorBox>{errorMessage(preflight.error)}</ErrorBox>}
        {preflight.data === null && (
          <p className="text-sm text-slate-500">
            Not assessed yet. Preflight checks both databases (reach, version, privileges, space, encodings,
            extensions, collisions, keys, types, names, TLS, locks, timing) and writes nothing.
          </p>
        )}
        {preflight.data && <PreflightView report={preflight.data} />}
      </Card>
      {start.isError && (
        <div className="mb-4">
          <ErrorBox title="The run did not start">{errorMessage(start.error)}</ErrorBox>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Plan" className="lg:col-span-1">
          <dl className="space-y-2 text-sm">
            {[
              ["Tables", m.tables ? `${m.tables.length} selected` : "all tables"],
              ["Target schema", o.targetSchema],
              ["Existing tables", o.ifTargetExists === "fail" ? "stop before writing" : "drop and recreate"],
              ["Batch size", `${formatCount(o.batchSize)} rows`],
              ["Dates", o.dates === "map" ? "date / timestamp" : "text"],
              ["Parallel tables", String(o.parallelTables)],
              ["Planned window", o.plannedWindowMinutes ? `${o.plannedWindowMinutes} min` : "not set"],
              ["Created", `${formatTime(m.createdAt)} by ${m.createdBy}`],
            ].map(([k, v]) => (
              <div key={k} className="flex justify-between gap-4">
                <dt className="text-slate-500">{k}</dt>
                <dd className="text-right font-medium text-slate-800">{v}</dd>
              </div>
            ))}
          </dl>
          {m.tables && (
            <p className="mt-3 font-mono text-xs leading-relaxed text-slate-500">{m.tables.join(", ")}</p>
          )}
        </Card>
        <Card title="Runs" className="lg:col-span-2">
          {runs.data?.length === 0 && (
            <EmptyState title="Not run yet">
              Start a run: Ferry creates the tables, copies the rows, builds keys and verifies every table.
            </EmptyState>
          )}
          {!!runs.data?.length && (
            <table className="w-full text-sm">
              <thead className="text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                <tr>
                  <th className="py-2">Started</th>
                  <th className="py-2">Status</th>
                  <th className="py-2">Verification</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.data.map((r) => (
                  <tr key={r.id}>
                    <td className="py-2.5 text-slate-600">{formatTime(r.createdAt)}</td>
                    <td className="py-2.5">
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="py-2.5">
                      {r.reportOk === true ? (
                        <Badge tone="green">all tables match</Badge>
                      ) : r.reportOk === false ? (
                        <Badge tone="red">differences</Badge>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                    <td className="py-2.5 text-right">
                      <Link className="text-teal-800 hover:underline" href={`/runs/${r.id}`}>
                        Open
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
