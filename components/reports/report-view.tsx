import type { ReportV1 } from "@/contracts/reports";
import { DataTable } from "@/components/ui/data-table";
import { formatCount, formatTime } from "@/contracts/format";
import { ReportDifferences } from "./report-differences";

const short = (checksum: string) => checksum.replace(/^(sha256|multiset-sha256):/, "").slice(0, 16) + "…";

export function ReportView({ report }: { report: ReportV1 }) {
  const bad = report.summary.tables - report.summary.tablesMatching;
  const failedChecks = report.checks.filter((c) => !c.ok).length;
  return (
    <div className="space-y-6">
      <div
        data-testid="report-verdict"
        className={`rounded-lg border px-5 py-4 ${report.ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-900"}`}
      >
        <p className="text-lg font-semibold">
          {report.ok
            ? `Verified: all ${report.summary.tables} tables match${report.checks.length ? ` and all ${report.checks.length} checks pass` : ""}`
            : [
                bad ? `${bad} of ${report.summary.tables} tables differ` : "",
                failedChecks ? `${failedChecks} of ${report.checks.length} checks fail` : "",
              ]
                .filter(Boolean)
                .join("; ")}
        </p>
        <p className="mt-1 text-sm">
          {formatCount(report.summary.sourceRows)} source rows, {formatCount(report.summary.targetRows)}{" "}
          target rows. Each table compared by exact row count, a checksum over every row and hashes of
          key-range segments, computed independently on both sides; differing segments are narrowed down to
          the rows and columns that differ.
        </p>
      </div>
      <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
        {[
          ["Source", `${report.source.name} (${report.source.engine})`],
          ["Source fingerprint", report.source.fingerprint],
          ["Target", `${report.target.name} · ${report.target.database} · schema ${report.target.schema}`],
          ["Target server", report.target.serverVersion],
          ["Started", formatTime(report.startedAt)],
          ["Finished", formatTime(report.finishedAt)],
          [
            "Verification",
            report.manifest.verification === "re-verify"
              ? "verified again on request"
              : "at the end of the run",
          ],
          ...(report.manifest.timings.length
            ? [
                [
                  "Phases",
                  report.manifest.timings.map((t) => `${t.phase} ${t.seconds.toFixed(1)} s`).join(" · "),
                ],
              ]
            : []),
        ].map(([k, v]) => (
          <div key={k} className="flex gap-3">
            <dt className="w-36 shrink-0 text-slate-500">{k}</dt>
            <dd className="font-medium break-all text-slate-800">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <DataTable
          columns={[
            { label: "Table" },
            { label: "Source rows", className: "text-right" },
            { label: "Target rows", className: "text-right" },
            { label: "Source checksum" },
            { label: "Target checksum" },
            { label: "Method" },
            { label: "Match" },
          ]}
        >
          {report.tables.map((t) => (
            <tr key={t.name} data-testid={`report-row-${t.name}`}>
              <td className="px-4 py-2.5 font-mono text-slate-900">{t.name}</td>
              <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(t.sourceRows)}</td>
              <td
                className={`px-4 py-2.5 text-right tabular-nums ${t.sourceRows !== t.targetRows ? "font-semibold text-red-700" : ""}`}
              >
                {formatCount(t.targetRows)}
              </td>
              <td className="px-4 py-2.5 font-mono text-xs text-slate-600" title={t.sourceChecksum}>
                {short(t.sourceChecksum)}
              </td>
              <td
                className={`px-4 py-2.5 font-mono text-xs ${t.match ? "text-slate-600" : "text-red-700"}`}
                title={t.targetChecksum}
              >
                {short(t.targetChecksum)}
              </td>
              <td className="px-4 py-2.5 text-xs text-slate-500">{t.checksumMethod}</td>
              <td className="px-4 py-2.5">
                {t.match ? (
                  <span className="font-medium text-emerald-700">✓ match</span>
                ) : (
                  <span className="font-medium text-red-700">✗ differs</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
      <ReportDifferences tables={report.tables} />
      {report.checks.length > 0 && (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <DataTable columns={[{ label: "Check" }, { label: "Result" }, { label: "Detail" }]}>
            {report.checks.map((c) => (
              <tr key={c.name} data-testid={`report-check-${c.name}`}>
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-900">{c.name}</td>
                <td className="px-4 py-2.5">
                  {c.ok ? (
                    <span className="font-medium text-emerald-700">✓ pass</span>
                  ) : (
                    <span className="font-medium text-red-700">✗ fail</span>
                  )}
                </td>
                <td className="px-4 py-2.5 text-xs break-all text-slate-600">{c.detail}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
      {report.rejects.length > 0 && (
        <div
          className="overflow-hidden rounded-lg border border-amber-200 bg-white shadow-sm"
          data-testid="report-rejects"
        >
          <div className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm font-medium text-amber-900">
            Rejected rows: not migrated, each with the reason
          </div>
          <DataTable
            columns={[
              { label: "Table" },
              { label: "Row" },
              { label: "Column" },
              { label: "Value" },
              { label: "Reason" },
            ]}
          >
            {report.rejects.map((r) => (
              <tr key={`${r.table}\u0000${r.key}\u0000${r.column}`}>
                <td className="px-4 py-2.5 font-mono text-slate-900">{r.table}</td>
                <td className="px-4 py-2.5 tabular-nums">{r.key}</td>
                <td className="px-4 py-2.5 font-mono">{r.column}</td>
                <td className="px-4 py-2.5 font-mono text-xs break-all text-slate-600">{r.value}</td>
                <td className="px-4 py-2.5 text-slate-700">{r.reason}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
      {report.consistency && <p className="text-xs text-slate-500">Consistency: {report.consistency}</p>}
      <p className="text-xs text-slate-500">Canonical form: {report.canonicalization}</p>
    </div>
  );
}
