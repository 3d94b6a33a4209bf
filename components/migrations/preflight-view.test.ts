import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PreflightReport } from "@/contracts/preflight";
import { PreflightView } from "./preflight-view";

const report: PreflightReport = {
  id: "00000000-0000-4000-8000-000000000001",
  migrationId: "00000000-0000-4000-8000-000000000002",
  status: "finished",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:02.000Z",
  checks: [
    {
      id: "target-collisions",
      title: "No existing target tables in the way",
      verdict: "fail",
      evidence: "The target already has 1 of the migration's tables: public.customers.",
      remedy: "DROP TABLE public.customers;",
    },
    {
      id: "target-version",
      title: "Target is PostgreSQL 13 or newer",
      verdict: "pass",
      evidence: "PostgreSQL 15.2",
      remedy: null,
    },
  ],
  summary: { pass: 1, warn: 0, fail: 1, notApplicable: ["source-locks"] },
  error: null,
};

describe("PreflightView", () => {
  it("shows counts, then each check with its verdict, evidence and remedy", () => {
    const html = renderToStaticMarkup(createElement(PreflightView, { report }));
    expect(html).toContain("1 failed");
    expect(html).toContain("1 passed");
    expect(html).toContain("1 not applicable");
    expect(html).toContain("DROP TABLE public.customers;");
    expect(html.indexOf("preflight-target-collisions")).toBeLessThan(
      html.indexOf("preflight-target-version"),
    );
  });

  it("says it is still checking while the worker runs", () => {
    const html = renderToStaticMarkup(
      createElement(PreflightView, { report: { ...report, status: "running", checks: [] } }),
    );
    expect(html).toContain("Checking both databases…");
  });
});
