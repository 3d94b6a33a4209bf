import type { MigrationOptions } from "@/contracts/migrations";
import { formatCount } from "@/contracts/format";

export function ReviewStep({
  name,
  source,
  target,
  tables,
  rows,
  options,
  sourceEngine,
}: {
  sourceEngine: string;
  name: string;
  source: string;
  target: string;
  tables: number;
  rows: number;
  options: MigrationOptions;
}) {
  const fromPostgres = sourceEngine === "postgres";
  const items: [string, string][] = fromPostgres
    ? [
        ["Name", name || "—"],
        ["From", source],
        ["Into", `${target}, the source's own schemas`],
        ["Tables", `${tables} (${formatCount(rows)} rows)`],
        ["Schemas left out", options.excludeSchemas.length ? options.excludeSchemas.join(", ") : "none"],
        [
          "Owners and grants",
          options.ownersAndGrants ? "kept (the target needs the same roles)" : "not carried",
        ],
        ["Copy", `chunks of ${formatCount(options.chunkRows)} rows, ${options.parallelTables} at a time`],
        ["After the copy", "Indexes, constraints, triggers, policies, sequences, materialized views"],
      ]
    : [
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
        ["After the copy", "Primary keys, indexes, identities, foreign keys"],
      ];
  items.push(
    [
      "Post-scripts",
      options.postScripts.length
        ? options.postScripts.map((s, i) => `${i + 1}. ${s.name}`).join(", ")
        : "none",
    ],
    [
      "Planner statistics",
      options.analyzeInRun
        ? "ANALYZE of every table before the run ends"
        : "left to autovacuum after the run, as after pg_dump | psql",
    ],
    ["Rollback", options.snapshotBeforeRun ? "snapshot of the target taken before the run" : "no snapshot"],
    [
      "Verification",
      options.verifyAfterRun
        ? fromPostgres
          ? "at the end of the run: counts, checksums and an object inventory compared, with a signed report"
          : "at the end of the run: every table by count and checksum, with a signed report"
        : "on request: each run ends unverified until verified from its page",
    ],
  );
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
