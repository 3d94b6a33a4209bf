import { describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import { csvField, csvLine, renderCsv } from "./render-csv";

describe("CSV fields (RFC 4180)", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField(12)).toBe("12");
    expect(csvField(false)).toBe("false");
    expect(csvLine(["a", "b,c"])).toBe('a,"b,c"\r\n');
  });

  it("keeps a spreadsheet from running text as a formula", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("@x,y")).toBe(`"'@x,y"`);
    expect(csvField(-5)).toBe("-5");
  });
});

describe("report CSV", () => {
  it("has a header, one row per table, its differences and one per check, each with the same number of fields", () => {
    const report = ReportV1.parse({
      version: 1,
      ok: false,
      runId: "7d7c7a38-5b5b-4e2e-9a8e-3b1f2f6c0a11",
      migration: { id: "1d7c7a38-5b5b-4e2e-9a8e-3b1f2f6c0a11", name: "m" },
      source: { engine: "sqlite", name: "s", fingerprint: "f" },
      target: { name: "t", serverVersion: "16", database: "d", schema: "public" },
      startedAt: "a",
      finishedAt: "b",
      ferryVersion: "0.1.0",
      canonicalization: "c",
      tables: [
        {
          name: "=evil",
          targetName: "public.evil",
          sourceRows: 2,
          targetRows: 1,
          sourceChecksum: "x",
          targetChecksum: "y",
          checksumMethod: "multiset",
          match: false,
          rejectedRows: 1,
          differences: [{ kind: "changed", key: "7", column: "name", source: "a", target: "=b" }],
          differenceCount: { missing: 1, extra: 0, changed: 1 },
        },
      ],
      checks: [
        { name: "rejected rows", ok: false, detail: 'Customer: 1 row, "Email" not UTF-8,\nsee rejects' },
      ],
      summary: { tables: 1, tablesMatching: 0, sourceRows: 2, targetRows: 1 },
    });
    const csv = renderCsv(report);
    expect(csv).toBe(
      "kind,name,target_name,source_rows,target_rows,source_checksum,target_checksum,method,match,rejected_rows,ok,detail,missing_rows,extra_rows,changed_rows,difference,key,column,source_value,target_value\r\n" +
        "table,'=evil,public.evil,2,1,x,y,multiset,false,1,false,,1,0,1,,,,,\r\n" +
        "difference,'=evil,,,,,,,,,,,,,,changed,7,name,a,'=b\r\n" +
        'check,rejected rows,,,,,,,,,false,"Customer: 1 row, ""Email"" not UTF-8,\nsee rejects",,,,,,,,\r\n',
    );
  });

  it("adds a row per checklist item, approval and waiver", () => {
    const report = ReportV1.parse({
      version: 1,
      ok: true,
      runId: "7d7c7a38-5b5b-4e2e-9a8e-3b1f2f6c0a11",
      migration: { id: "1d7c7a38-5b5b-4e2e-9a8e-3b1f2f6c0a11", name: "m" },
      source: { engine: "sqlite", name: "s", fingerprint: "f" },
      target: { name: "t", serverVersion: "16", database: "d", schema: "public" },
      startedAt: "a",
      finishedAt: "b",
      ferryVersion: "0.1.0",
      canonicalization: "c",
      tables: [],
      summary: { tables: 0, tablesMatching: 0, sourceRows: 0, targetRows: 0 },
      checklist: [
        {
          id: "downtime-announced",
          phase: "Prepare",
          title: "Downtime announced",
          kind: "manual",
          state: "done",
          by: "dba@x",
          at: "t1",
          note: "mailed",
          evidence: null,
        },
      ],
      approvals: [
        {
          planHash: "abc",
          approvedBy: "lead@x",
          approvedAt: "t2",
          note: null,
          revokedBy: null,
          revokedAt: null,
          revokeReason: null,
          matchesRunPlan: true,
        },
      ],
      waivers: [
        {
          checkId: "primary-keys",
          checkTitle: "Keys",
          evidence: "e",
          reason: "small",
          waivedBy: "lead@x",
          at: "t3",
        },
      ],
    });
    expect(renderCsv(report).split("\r\n").slice(1, 4)).toEqual([
      "checklist,downtime-announced,,,,,,,,,true,Prepare: Downtime announced | done | dba@x | t1 | mailed,,,,,,,,",
      "approval,lead@x,,,,,,,,,true,plan abc | t2,,,,,,,,",
      "waiver,primary-keys,,,,,,,,,true,Keys | lead@x | t3 | small,,,,,,,,",
    ]);
  });
});
