import { describe, expect, it } from "vitest";
import type { PreflightCheckResult } from "@/contracts/preflight";
import { preflightItemState } from "./preflight-item-state";

const result = (id: string, verdict: PreflightCheckResult["verdict"]): PreflightCheckResult => ({
  id,
  title: id.toUpperCase(),
  verdict,
  evidence: `${id} evidence`,
  remedy: verdict === "pass" ? null : "fix it",
});
const results = (...r: PreflightCheckResult[]) => new Map(r.map((c) => [c.id, c]));
const item = { preflightChecks: ["a", "b"] };
const none = new Map();

describe("preflightItemState", () => {
  it("is done when every check passes, with each check's evidence", () => {
    expect(
      preflightItemState(item, results(result("a", "pass"), result("b", "pass")), new Set(), none),
    ).toEqual({
      state: "done",
      evidence: "A: pass. a evidence\nB: pass. b evidence",
    });
  });
  it("fails on any failure, warns on an unwaived warning, and a waiver clears the warning", () => {
    expect(
      preflightItemState(item, results(result("a", "fail"), result("b", "warn")), new Set(), none)?.state,
    ).toBe("failed");
    expect(
      preflightItemState(item, results(result("a", "pass"), result("b", "warn")), new Set(), none)?.state,
    ).toBe("warn");
    const waived = new Map([["b", { reason: "small table", by: "lead@x" }]]);
    const done = preflightItemState(
      item,
      results(result("a", "pass"), result("b", "warn")),
      new Set(),
      waived,
    );
    expect(done?.state).toBe("done");
    expect(done?.evidence).toContain("B: warn — waived by lead@x: small table.");
  });
  it("is not applicable when none of its checks applies, and says nothing when they did not run", () => {
    expect(preflightItemState(item, results(), new Set(["a", "b"]), none)?.state).toBe("na");
    expect(preflightItemState(item, results(), new Set(["a"]), none)).toBeNull();
    expect(
      preflightItemState({ preflightChecks: [] }, results(result("a", "pass")), new Set(), none),
    ).toBeNull();
  });
});
