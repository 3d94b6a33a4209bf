import { describe, expect, it } from "vitest";
import { fail, pass, warn, type PreflightCheck } from "./check";
import type { PreflightContext } from "./context";
import { PREFLIGHT_CHECKS } from "./registry";
import { runChecks } from "./run-checks";

const check = (id: string, run: PreflightCheck["run"], applies = true): PreflightCheck => ({
  id,
  title: id,
  appliesTo: () => applies,
  run,
});

describe("runChecks", () => {
  it("turns a check that throws into a fail with the error as evidence, sorts failures first, counts", async () => {
    const out = await runChecks(
      [
        check("a", async () => pass("fine")),
        check("b", async () => {
          throw new Error("permission denied for view pg_stat_activity");
        }),
        check("c", async () => warn("hmm", "do this")),
        check("d", async () => fail("no", "fix"), false),
      ],
      {} as PreflightContext,
    );
    expect(out.checks.map((c) => [c.id, c.verdict])).toEqual([
      ["b", "fail"],
      ["c", "warn"],
      ["a", "pass"],
    ]);
    expect(out.checks[0]!.evidence).toBe(
      "The check itself failed: permission denied for view pg_stat_activity",
    );
    expect(out.summary).toEqual({ pass: 1, warn: 1, fail: 1, notApplicable: ["d"] });
  });

  it("registers at least 25 checks with unique ids", () => {
    const ids = PREFLIGHT_CHECKS.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
