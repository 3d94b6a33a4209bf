import {
  sortChecks,
  summarize,
  type PreflightCheckResult,
  type PreflightSummary,
} from "@/contracts/preflight";
import type { PreflightCheck } from "./check";
import type { PreflightContext } from "./context";

/** Runs every applicable check; a check that throws is a "fail" carrying its error, never the end of the job. */
export async function runChecks(
  checks: readonly PreflightCheck[],
  ctx: PreflightContext,
): Promise<{ checks: PreflightCheckResult[]; summary: PreflightSummary }> {
  const results: PreflightCheckResult[] = [];
  const notApplicable: string[] = [];
  for (const check of checks) {
    let applies: boolean;
    try {
      applies = check.appliesTo(ctx);
    } catch {
      applies = true; // let run() fail with the real error
    }
    if (!applies) {
      notApplicable.push(check.id);
      continue;
    }
    try {
      results.push({ id: check.id, title: check.title, ...(await check.run(ctx)) });
    } catch (err) {
      results.push({
        id: check.id,
        title: check.title,
        verdict: "fail",
        evidence: `The check itself failed: ${err instanceof Error ? err.message : String(err)}`,
        remedy:
          "Fix the cause named above (often a privilege to read a catalog view) and run preflight again.",
      });
    }
  }
  const sorted = sortChecks(results);
  return { checks: sorted, summary: summarize(sorted, notApplicable) };
}
