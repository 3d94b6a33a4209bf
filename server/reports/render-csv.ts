import type { ReportV1 } from "@/contracts/reports";

type Cell = string | number | boolean;

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled. Text that a
 * spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe (OWASP CSV injection).
 */
export function csvField(value: Cell): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: Cell[]): string => `${cells.map(csvField).join(",")}\r\n`;

export const CSV_HEADER = [
  "kind",
  "name",
  "target_name",
  "source_rows",
  "target_rows",
  "source_checksum",
  "target_checksum",
  "method",
  "match",
  "rejected_rows",
  "ok",
  "detail",
  "missing_rows",
  "extra_rows",
  "changed_rows",
  "difference",
  "key",
  "column",
  "source_value",
  "target_value",
];

const blank = (n: number): Cell[] => Array<Cell>(n).fill("");

/**
 * One row per table, check, checklist item, approval and waiver, under one header; `kind` says which. A
 * table's listed differences follow it as "difference" rows that fill only the last five columns.
 */
export function renderCsv(report: ReportV1): string {
  const lines = [csvLine(CSV_HEADER)];
  for (const t of report.tables) {
    lines.push(
      csvLine([
        "table",
        t.name,
        t.targetName,
        t.sourceRows,
        t.targetRows,
        t.sourceChecksum,
        t.targetChecksum,
        t.checksumMethod,
        t.match,
        t.rejectedRows,
        t.match,
        "",
        t.differenceCount.missing,
        t.differenceCount.extra,
        t.differenceCount.changed,
        ...blank(5),
      ]),
    );
    for (const d of t.differences)
      lines.push(
        csvLine([
          "difference",
          t.name,
          ...blank(13),
          d.kind,
          d.key,
          d.column ?? "",
          d.source ?? "",
          d.target ?? "",
        ]),
      );
  }
  for (const c of report.checks)
    lines.push(csvLine(["check", c.name, ...blank(8), c.ok, c.detail, ...blank(8)]));
  const row = (kind: string, name: string, ok: boolean, detail: string) =>
    csvLine([kind, name, ...blank(8), ok, detail, ...blank(8)]);
  for (const i of report.checklist)
    lines.push(
      row(
        "checklist",
        i.id,
        i.state === "done" || i.state === "na",
        [`${i.phase}: ${i.title}`, i.state, i.by ?? "Ferry", i.at ?? "", i.note ?? i.evidence ?? ""].join(
          " | ",
        ),
      ),
    );
  for (const a of report.approvals)
    lines.push(
      row(
        "approval",
        a.approvedBy,
        a.matchesRunPlan && !a.revokedAt,
        [
          `plan ${a.planHash}`,
          a.approvedAt,
          a.note ?? "",
          a.revokedAt ? `revoked by ${a.revokedBy}: ${a.revokeReason}` : "",
        ]
          .filter(Boolean)
          .join(" | "),
      ),
    );
  for (const w of report.waivers)
    lines.push(row("waiver", w.checkId, true, `${w.checkTitle} | ${w.waivedBy} | ${w.at} | ${w.reason}`));
  return lines.join("");
}
