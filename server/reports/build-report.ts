import { createHash } from "node:crypto";
import { ReportV1, type ReportTableV1 } from "@/contracts/reports";
import { CANONICALIZATION } from "@/server/verify/canonical";
import pkg from "@/package.json" with { type: "json" };

export function buildReport(
  input: Omit<
    ReportV1,
    "version" | "ok" | "summary" | "ferryVersion" | "canonicalization" | "checklist" | "approvals" | "waivers"
  > &
    Partial<Pick<ReportV1, "checklist" | "approvals" | "waivers">> & {
      tables: ReportTableV1[];
    },
): {
  report: ReportV1;
  /** The exact bytes that are stored, hashed and signed. */
  json: string;
  sha256: string;
} {
  const tables = input.tables;
  const report = ReportV1.parse({
    version: 1,
    ok: tables.every((t) => t.match) && (input.checks ?? []).every((c) => c.ok),
    ...input,
    ferryVersion: pkg.version,
    canonicalization: CANONICALIZATION,
    summary: {
      tables: tables.length,
      tablesMatching: tables.filter((t) => t.match).length,
      sourceRows: tables.reduce((n, t) => n + t.sourceRows, 0),
      targetRows: tables.reduce((n, t) => n + t.targetRows, 0),
    },
  });
  const json = JSON.stringify(report);
  const sha256 = createHash("sha256").update(json).digest("hex");
  return { report, json, sha256 };
}
