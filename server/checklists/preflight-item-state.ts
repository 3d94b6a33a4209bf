import type { ItemState, TemplateItem } from "@/contracts/checklists";
import type { PreflightCheckResult } from "@/contracts/preflight";

export type Waived = { reason: string; by: string };

/**
 * What a finished preflight says about one automatic item: failed if any of its checks failed, warn if one
 * warned and no lead waived it, done otherwise; na when none of its checks applies to this pair of engines.
 * null: the preflight says nothing about it (its checks did not run).
 */
export function preflightItemState(
  item: Pick<TemplateItem, "preflightChecks">,
  results: ReadonlyMap<string, PreflightCheckResult>,
  notApplicable: ReadonlySet<string>,
  waived: ReadonlyMap<string, Waived>,
): { state: ItemState; evidence: string } | null {
  if (item.preflightChecks.length === 0) return null;
  const found = item.preflightChecks.flatMap((id) => results.get(id) ?? []);
  if (found.length === 0)
    return item.preflightChecks.every((id) => notApplicable.has(id))
      ? { state: "na", evidence: `Not applicable to these engines (${item.preflightChecks.join(", ")}).` }
      : null;
  const line = (c: PreflightCheckResult) => {
    const w = c.verdict === "warn" ? waived.get(c.id) : undefined;
    return `${c.title}: ${c.verdict}${w ? ` — waived by ${w.by}: ${w.reason}` : ""}. ${c.evidence}`;
  };
  const state: ItemState = found.some((c) => c.verdict === "fail")
    ? "failed"
    : found.some((c) => c.verdict === "warn" && !waived.has(c.id))
      ? "warn"
      : "done";
  return { state, evidence: found.map(line).join("\n") };
}
