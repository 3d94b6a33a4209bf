import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import type { ReportV1 } from "@/contracts/reports";
import type { SignedReport } from "./load-signed-report";
import { SIGNATURE_ALGORITHM } from "./signing/sign-report";

const GREEN = "#047857";
const RED = "#b91c1c";
const INK = "#0f172a";
const MUTED = "#64748b";
const RULE = "#e2e8f0";

// DejaVu covers far more than the standard fonts' Latin-1 (names in Greek, Cyrillic, accents…); use it if installed.
const DEJAVU = "/usr/share/fonts/truetype/dejavu";
function registerFonts(doc: PDFKit.PDFDocument): void {
  const ttf = (name: string) => `${DEJAVU}/${name}.ttf`;
  const files = { body: ttf("DejaVuSans"), bold: ttf("DejaVuSans-Bold"), mono: ttf("DejaVuSansMono") };
  const have = Object.values(files).every((f) => existsSync(f));
  doc.registerFont("body", have ? files.body : "Helvetica");
  doc.registerFont("bold", have ? files.bold : "Helvetica-Bold");
  doc.registerFont("mono", have ? files.mono : "Courier");
}

type Col = { label: string; width: number; align?: "left" | "right"; font?: string; size?: number };

/**
 * The report as PDF, streamed: pages are drawn only as the reader pulls, so a long report never sits
 * whole in memory. Verdict first, then the manifest, tables, checks, rejects, and the signature last.
 */
export function renderPdf(signed: SignedReport): ReadableStream<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 50, bottom: 50, left: 50, right: 50 },
    info: {
      Title: `Ferry verification report: ${signed.report.migration.name}`,
      Author: `Ferry ${signed.report.ferryVersion}`,
      Subject: `Run ${signed.report.runId}, report SHA-256 ${signed.sha256}`,
    },
  });
  registerFonts(doc);
  const pending: Buffer[] = [];
  let ended = false;
  let drawn = false;
  doc.on("data", (chunk: Buffer) => pending.push(chunk));
  doc.on("end", () => (ended = true));
  const steps = layout(doc, signed);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          if (pending.length) return controller.enqueue(new Uint8Array(Buffer.concat(pending.splice(0))));
          if (ended) return controller.close();
          if (!drawn && steps.next().done) {
            drawn = true;
            doc.end();
          }
          await new Promise((r) => setImmediate(r));
        }
      } catch (err) {
        controller.error(err);
      }
    },
  });
}

function verdict(report: ReportV1): { title: string; detail: string } {
  const bad = report.summary.tables - report.summary.tablesMatching;
  const failed = report.checks.filter((c) => !c.ok).length;
  const rows = `${report.summary.sourceRows.toLocaleString("en")} source rows, ${report.summary.targetRows.toLocaleString("en")} target rows.`;
  if (report.ok)
    return {
      title: "VERIFIED",
      detail: `All ${report.summary.tables} tables match by row count and checksum${report.checks.length ? `, and all ${report.checks.length} checks pass` : ""}. ${rows}`,
    };
  const parts = [
    bad ? `${bad} of ${report.summary.tables} tables differ` : "",
    failed ? `${failed} of ${report.checks.length} checks fail` : "",
  ].filter(Boolean);
  return { title: "NOT VERIFIED", detail: `${parts.join("; ")}. ${rows}` };
}

function segmentsNote(t: ReportV1["tables"][number]): string {
  const s = t.segments;
  if (s.kind === "none") return "";
  const c = t.differenceCount;
  const how =
    s.kind === "key-range"
      ? `${s.count.toLocaleString("en")} key-range segment(s) of about ${s.size.toLocaleString("en")} rows`
      : `${s.count.toLocaleString("en")} hash bucket(s)`;
  return `${how}, ${s.mismatched} differ; differing rows: ${c.missing} missing, ${c.extra} extra, ${c.changed} changed`;
}

function* layout(doc: PDFKit.PDFDocument, signed: SignedReport): Generator<void> {
  const { report } = signed;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const heading = (text: string) => {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.moveDown(1.2).font("bold").fontSize(13).fillColor(INK).text(text, left, doc.y, { width });
    doc.moveDown(0.4);
  };

  // Title and verdict.
  doc.font("body").fontSize(10).fillColor(MUTED).text("Ferry verification report", left, doc.y);
  doc.font("bold").fontSize(18).fillColor(INK).text(report.migration.name, { width });
  doc.moveDown(0.6);
  const v = verdict(report);
  const color = report.ok ? GREEN : RED;
  doc.font("body").fontSize(11);
  const boxH = 52 + doc.heightOfString(v.detail, { width: width - 32 });
  const boxY = doc.y;
  doc.roundedRect(left, boxY, width, boxH, 6).fill(color);
  doc
    .font("bold")
    .fontSize(28)
    .fillColor("#ffffff")
    .text(v.title, left + 16, boxY + 12, { width: width - 32 });
  doc
    .font("body")
    .fontSize(11)
    .text(v.detail, left + 16, boxY + 46, { width: width - 32 });
  doc.y = boxY + boxH + 6;
  yield;

  // Manifest.
  heading("Run");
  const manifest: [string, string][] = [
    ["Migration", `${report.migration.name} (${report.migration.id})`],
    ["Run", report.runId],
    ["Source", `${report.source.name} (${report.source.engine})`],
    ["Source fingerprint", report.source.fingerprint],
    ["Target", `${report.target.name} · database ${report.target.database} · schema ${report.target.schema}`],
    ["Target server", report.target.serverVersion],
    ["Ferry version", report.ferryVersion],
    ["Started", report.startedAt],
    ["Finished", report.finishedAt],
    ...(report.consistency ? ([["Consistency", report.consistency]] as [string, string][]) : []),
    [
      "Verification",
      report.manifest.verification === "re-verify" ? "verified again on request" : "at the end of the run",
    ],
    ...(report.manifest.timings.length
      ? ([
          ["Phases", report.manifest.timings.map((t) => `${t.phase} ${t.seconds.toFixed(1)} s`).join(" · ")],
        ] as [string, string][])
      : []),
  ];
  for (const [k, val] of manifest) {
    doc.font("body").fontSize(9);
    const h = Math.max(12, doc.heightOfString(val, { width: width - 120 }) + 3);
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    doc.fillColor(MUTED).text(k, left, y, { width: 115 });
    doc.fillColor(INK).text(val, left + 120, y, { width: width - 120 });
    doc.y = y + h;
  }
  yield;

  // A paged table: the header repeats on every page.
  function* table(cols: Col[], rows: Iterable<{ cells: string[]; color?: string; note?: string }>) {
    const drawHeader = () => {
      let x = left;
      const y = doc.y;
      doc.font("bold").fontSize(7.5).fillColor(MUTED);
      const h = Math.max(
        ...cols.map((c) => doc.heightOfString(c.label.toUpperCase(), { width: c.width - 6 })),
      );
      for (const c of cols) {
        doc.text(c.label.toUpperCase(), x, y, { width: c.width - 6, align: c.align ?? "left" });
        x += c.width;
      }
      doc.y = y + h + 2;
      doc
        .moveTo(left, doc.y)
        .lineTo(left + width, doc.y)
        .lineWidth(0.7)
        .strokeColor(MUTED)
        .stroke();
      doc.y += 4;
    };
    drawHeader();
    for (const row of rows) {
      const heights = cols.map((c, i) => {
        doc.font(c.font ?? "body").fontSize(c.size ?? 9);
        return doc.heightOfString(row.cells[i] ?? "", { width: c.width - 6 });
      });
      doc.font("mono").fontSize(6.5);
      const noteH = row.note ? doc.heightOfString(row.note, { width }) + 2 : 0;
      const h = Math.max(...heights) + noteH + 6;
      if (doc.y + h > bottom()) {
        doc.addPage();
        drawHeader();
      }
      const y = doc.y;
      let x = left;
      cols.forEach((c, i) => {
        doc
          .font(c.font ?? "body")
          .fontSize(c.size ?? 9)
          .fillColor(i === cols.length - 1 && row.color ? row.color : INK)
          .text(row.cells[i] ?? "", x, y, { width: c.width - 6, align: c.align ?? "left" });
        x += c.width;
      });
      if (row.note)
        doc
          .font("mono")
          .fontSize(6.5)
          .fillColor(MUTED)
          .text(row.note, left, y + Math.max(...heights) + 2, { width });
      doc.y = y + h;
      doc
        .moveTo(left, doc.y - 3)
        .lineTo(left + width, doc.y - 3)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      yield;
    }
  }

  heading(`Tables (${report.tables.length})`);
  const n = (x: number) => x.toLocaleString("en");
  yield* table(
    [
      { label: "Table", width: width - 330 },
      { label: "Source rows", width: 75, align: "right" },
      { label: "Target rows", width: 75, align: "right" },
      { label: "Rejected", width: 55, align: "right" },
      { label: "Method", width: 80 },
      { label: "Match", width: 45 },
    ],
    report.tables.map((t) => ({
      cells: [
        // The target schema is in the manifest; name the target table only when it was renamed.
        t.targetName === t.name || t.targetName.endsWith(`.${t.name}`)
          ? t.name
          : `${t.name} → ${t.targetName}`,
        n(t.sourceRows),
        n(t.targetRows),
        n(t.rejectedRows),
        t.checksumMethod,
        t.match ? "yes" : "NO",
      ],
      color: t.match ? GREEN : RED,
      note: [
        t.sourceChecksum === t.targetChecksum
          ? `checksum (both sides) ${t.sourceChecksum}`
          : `source ${t.sourceChecksum}\ntarget ${t.targetChecksum}`,
        segmentsNote(t),
      ]
        .filter(Boolean)
        .join("\n"),
    })),
  );

  const differing = report.tables.filter((t) => t.differences.length);
  if (differing.length) {
    heading("Differences");
    doc
      .font("body")
      .fontSize(9)
      .fillColor(MUTED)
      .text(
        "Per table, the first differing rows found: missing on the target, extra on it, or changed (one line per differing column). Values in canonical form, cut at 200 characters.",
        left,
        doc.y,
        { width },
      );
    doc.moveDown(0.4);
    yield* table(
      [
        { label: "Table", width: 80 },
        { label: "Key", width: 60 },
        { label: "Kind", width: 50 },
        { label: "Column", width: 65 },
        { label: "Source", width: (width - 255) / 2, font: "mono", size: 7.5 },
        { label: "Target", width: (width - 255) / 2, font: "mono", size: 7.5 },
      ],
      differing.flatMap((t) =>
        t.differences.map((d) => ({
          cells: [t.name, d.key, d.kind, d.column ?? "(row)", d.source ?? "—", d.target ?? "—"],
          color: RED,
        })),
      ),
    );
  }

  if (report.checks.length) {
    heading(`Checks (${report.checks.length})`);
    yield* table(
      [
        { label: "Check", width: 150 },
        { label: "Detail", width: width - 190 },
        { label: "Result", width: 40 },
      ],
      report.checks.map((c) => ({
        cells: [c.name, c.detail, c.ok ? "pass" : "FAIL"],
        color: c.ok ? GREEN : RED,
      })),
    );
  }

  if (report.rejects.length) {
    heading(`Rejected rows (${report.rejects.length}): not migrated, each with the reason`);
    yield* table(
      [
        { label: "Table", width: 90 },
        { label: "Row", width: 55 },
        { label: "Column", width: 80 },
        { label: "Value", width: 110, font: "mono", size: 7.5 },
        { label: "Reason", width: width - 335 },
      ],
      report.rejects.map((r) => ({ cells: [r.table, r.key, r.column, r.value, r.reason] })),
    );
  }

  if (report.checklist.length) {
    const done = report.checklist.filter((i) => i.state === "done" || i.state === "na").length;
    heading(`Checklist (${done} of ${report.checklist.length} done or not applicable)`);
    yield* table(
      [
        { label: "Phase", width: 70 },
        { label: "Item", width: width - 330 },
        { label: "By, when", width: 140 },
        { label: "Note or evidence", width: 80, size: 7.5 },
        { label: "State", width: 40 },
      ],
      report.checklist.map((i) => ({
        cells: [
          i.phase,
          `${i.title}${i.kind === "auto" ? " (automatic)" : ""}`,
          i.at ? `${i.by ?? "Ferry"}, ${i.at.slice(0, 16).replace("T", " ")}` : "—",
          i.note ?? "",
          i.state === "na" ? "n/a" : i.state,
        ],
        color: i.state === "done" || i.state === "na" ? GREEN : i.state === "open" ? MUTED : RED,
        note: i.evidence && !i.note ? i.evidence : undefined,
      })),
    );
  }

  if (report.approvals.length || report.waivers.length) {
    heading("Approvals and waivers");
    yield* table(
      [
        { label: "What", width: 70 },
        { label: "Who, when", width: 160 },
        { label: "Detail", width: width - 280 },
        { label: "Valid", width: 50 },
      ],
      [
        ...report.approvals.map((a) => ({
          cells: [
            "approval",
            `${a.approvedBy}, ${a.approvedAt.slice(0, 16).replace("T", " ")}`,
            [
              `plan ${a.planHash.slice(0, 16)}…${a.matchesRunPlan ? " (this run's plan)" : " (another plan)"}`,
              a.note ?? "",
              a.revokedAt ? `revoked by ${a.revokedBy}: ${a.revokeReason}` : "",
            ]
              .filter(Boolean)
              .join(" · "),
            a.matchesRunPlan && !a.revokedAt ? "yes" : "no",
          ],
          color: a.matchesRunPlan && !a.revokedAt ? GREEN : MUTED,
        })),
        ...report.waivers.map((w) => ({
          cells: [
            "waiver",
            `${w.waivedBy}, ${w.at.slice(0, 16).replace("T", " ")}`,
            `${w.checkTitle}: ${w.reason}`,
            "yes",
          ],
          color: INK,
        })),
      ],
    );
  }

  // Signature last, kept on one page: what an auditor checks the JSON against.
  if (doc.y + 190 > bottom()) doc.addPage();
  heading("Signature");
  const sig: [string, string][] = [
    ["Report SHA-256", signed.sha256],
    [`${SIGNATURE_ALGORITHM} signature`, signed.signature],
    ["Key id", signed.keyId],
  ];
  for (const [k, val] of sig) {
    if (doc.y + 30 > bottom()) doc.addPage();
    const y = doc.y;
    doc.font("body").fontSize(9).fillColor(MUTED).text(k, left, y, { width: 115 });
    doc
      .font("mono")
      .fontSize(8)
      .fillColor(INK)
      .text(val, left + 120, y, { width: width - 120 });
    doc.y = Math.max(doc.y, y + 12) + 3;
  }
  doc.moveDown(0.6);
  doc
    .font("body")
    .fontSize(9)
    .fillColor(INK)
    .text(
      "How to verify: this PDF is a rendering; what is signed is the report's JSON, byte for byte. Download it as JSON " +
        `with its signature and Ferry's public key ${signed.keyId} (GET /api/signing-key?format=pem). Its SHA-256 must ` +
        `equal the value above, and the ${SIGNATURE_ALGORITHM} signature must verify, on Ferry's Verify page or offline with:`,
      left,
      doc.y,
      { width },
    );
  doc.moveDown(0.4);
  doc
    .font("mono")
    .fontSize(7.5)
    .text(
      "openssl pkeyutl -verify -pubin -inkey ferry-signing.pem -rawin -in report.json -sigfile report.sig",
      left + 12,
      doc.y,
      { width: width - 12 },
    );
  yield;
}
