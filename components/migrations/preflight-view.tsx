import type { PreflightReport, PreflightVerdict } from "@/contracts/preflight";
import { DataTable } from "@/components/ui/data-table";
import { Badge, type Tone } from "@/components/ui/badge";
import { formatTime } from "@/contracts/format";
import { ErrorBox } from "@/components/ui/messages";

const TONE: Record<PreflightVerdict, Tone> = { pass: "green", warn: "amber", fail: "red" };

/** A finished assessment: counts, then every check (failures first) with its evidence and remedy. */
export function PreflightView({ report }: { report: PreflightReport }) {
  if (report.status === "failed")
    return (
      <ErrorBox title="The preflight could not run" testId="preflight-error">
        {report.error}
      </ErrorBox>
    );
  if (report.status !== "finished")
    return (
      <p className="text-sm text-slate-500" data-testid="preflight-pending">
        {report.status === "queued" ? "Waiting for a worker…" : "Checking both databases…"}
      </p>
    );
  const s = report.summary;
  return (
    <div className="space-y-4" data-testid="preflight">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <Badge tone="red">{s.fail} failed</Badge>
        <Badge tone="amber">{s.warn} to review</Badge>
        <Badge tone="green">{s.pass} passed</Badge>
        {s.notApplicable.length > 0 && (
          <span title={s.notApplicable.join(", ")}>{s.notApplicable.length} not applicable</span>
        )}
        {report.finishedAt && <span className="text-slate-400">· {formatTime(report.finishedAt)}</span>}
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <DataTable
          columns={[{ label: "Verdict" }, { label: "Check" }, { label: "Evidence" }, { label: "Remedy" }]}
          cell="px-3 py-2"
        >
          {report.checks.map((c) => (
            <tr key={c.id} data-testid={`preflight-${c.id}`} className="align-top">
              <td className="px-3 py-2.5">
                <Badge tone={TONE[c.verdict]}>{c.verdict}</Badge>
              </td>
              <td className="px-3 py-2.5 font-medium text-slate-800">
                {c.title}
                <div className="font-mono text-xs font-normal text-slate-400">{c.id}</div>
              </td>
              <td className="px-3 py-2.5 text-slate-600">{c.evidence}</td>
              <td className="px-3 py-2.5 text-slate-800">
                {c.remedy ?? <span className="text-slate-400">—</span>}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </div>
  );
}
