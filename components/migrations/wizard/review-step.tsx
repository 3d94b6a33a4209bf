import type { MigrationOptions } from "@/contracts/migrations";
import { formatCount } from "@/components/ui/format";

export function ReviewStep({
  name,
  source,
  target,
  tables,
  rows,
  options,
}: {
  name: string;
  source: string;
  target: string;
  tables: number;
  rows: number;
  options: MigrationOptions;
}) {
  const items: [string, string][] = [
    ["Name", name || "—"],
    ["From", source],
    ["Into", `${target}, schema "${options.targetSchema}"`],
    ["Tables", `${tables} (${formatCount(rows)} rows)`],
    [
      "Existing target tables",
      options.ifTargetExists === "fail" ? "Stop before writing anything" : "Drop and recreate",
    ],
    ["Batch size", `${formatCount(options.batchSize)} rows`],
    ["Dates", options.dates === "map" ? "date / timestamp" : "text"],
    [
      "After the copy",
      "Primary keys, indexes, identities, foreign keys, ANALYZE; then every table verified by count and checksum",
    ],
  ];
  return (
    <dl className="grid max-w-3xl gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="font-medium text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
