import Link from "next/link";
import type { ReportListRow } from "@/contracts/reports";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { formatCount, formatTime } from "@/contracts/format";
import { reportDownloadUrl } from "@/hooks/use-reports";

const COLUMNS = [
  { label: "Finished", className: "w-44" },
  { label: "Migration" },
  { label: "Source → target" },
  { label: "Tables", className: "text-right" },
  { label: "Source rows", className: "text-right" },
  { label: "Verdict" },
  { label: "Download" },
];

const FORMATS = ["json", "csv", "pdf"] as const;

/** Every signed report, newest first: the verdict at a glance and the three downloads. */
export function ReportsTable({ reports }: { reports: ReportListRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable columns={COLUMNS}>
        {reports.map((r) => (
          <tr key={r.runId} data-testid="report-row">
            <td className="px-4 py-2.5 whitespace-nowrap text-slate-600 tabular-nums">
              {formatTime(r.createdAt)}
            </td>
            <td className="px-4 py-2.5">
              <Link href={`/runs/${r.runId}/report`} className="font-medium text-teal-700 hover:underline">
                {r.migrationName}
              </Link>
              <span className="block font-mono text-xs text-slate-400" title={`SHA-256 ${r.sha256}`}>
                {r.sha256.slice(0, 16)}…{r.signed ? "" : " (signed on first download)"}
              </span>
            </td>
            <td className="px-4 py-2.5 text-slate-700">
              {r.sourceName} <span className="text-slate-400">({r.sourceEngine})</span> → {r.targetName}
            </td>
            <td className="px-4 py-2.5 text-right text-slate-700 tabular-nums">
              {r.tablesMatching} / {r.tables}
            </td>
            <td className="px-4 py-2.5 text-right text-slate-700 tabular-nums">
              {formatCount(r.sourceRows)}
            </td>
            <td className="px-4 py-2.5">
              <Badge tone={r.ok ? "green" : "red"}>{r.ok ? "verified" : "differences"}</Badge>
            </td>
            <td className="px-4 py-2.5 whitespace-nowrap">
              {FORMATS.map((f) => (
                <a
                  key={f}
                  href={reportDownloadUrl(r.runId, f)}
                  download
                  className="mr-3 text-sm text-teal-700 uppercase hover:underline"
                >
                  {f}
                </a>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
