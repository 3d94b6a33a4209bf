import type { ReportTableV1 } from "@/contracts/reports";
import { DataTable } from "@/components/ui/data-table";
import { formatCount } from "@/contracts/format";

const KIND_LABEL = { missing: "missing on target", extra: "extra on target", changed: "changed" } as const;

/** The first differing rows of each table that differs, as the report lists them. */
export function ReportDifferences({ tables }: { tables: ReportTableV1[] }) {
  const differing = tables.filter((t) => t.differences.length > 0);
  if (!differing.length) return null;
  return (
    <div
      className="overflow-hidden rounded-lg border border-red-200 bg-white shadow-sm"
      data-testid="report-differences"
    >
      <div className="border-b border-red-200 bg-red-50 px-4 py-2.5 text-sm font-medium text-red-900">
        Differences:{" "}
        {differing
          .map((t) => {
            const c = t.differenceCount;
            return `${t.name} ${formatCount(c.missing)} missing, ${formatCount(c.extra)} extra, ${formatCount(c.changed)} changed`;
          })
          .join(" · ")}
      </div>
      <DataTable
        columns={[
          { label: "Table" },
          { label: "Key" },
          { label: "Difference" },
          { label: "Column" },
          { label: "Source value" },
          { label: "Target value" },
        ]}
      >
        {differing.flatMap((t) =>
          t.differences.map((d, i) => (
            <tr key={`${t.name}\u0000${i}`} data-testid={`report-difference-${t.name}-${d.key}`}>
              <td className="px-4 py-2.5 font-mono text-slate-900">{t.name}</td>
              <td className="px-4 py-2.5 font-mono tabular-nums">{d.key}</td>
              <td className="px-4 py-2.5 text-red-700">{KIND_LABEL[d.kind]}</td>
              <td className="px-4 py-2.5 font-mono">{d.column ?? "(whole row)"}</td>
              <td className="px-4 py-2.5 font-mono text-xs break-all text-slate-600">{d.source ?? "—"}</td>
              <td className="px-4 py-2.5 font-mono text-xs break-all text-red-700">{d.target ?? "—"}</td>
            </tr>
          )),
        )}
      </DataTable>
    </div>
  );
}
