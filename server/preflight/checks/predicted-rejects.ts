import { tableKey } from "@/server/catalog/catalog";
import { REJECT_CAP } from "@/server/runs/reject-rows";
import { fail, pass, warn, type PreflightCheck } from "../check";

export const predictedRejects: PreflightCheck = {
  id: "predicted-rejects",
  title: "Rows fit their planned column types",
  appliesTo: (ctx) => Boolean(ctx.connector?.findRejects && ctx.sourcePlan?.plan),
  async run(ctx) {
    const found: string[] = [];
    let over = false;
    for (const t of ctx.sourcePlan!.plan!.tables) {
      const rejects = await ctx.connector!.findRejects!(
        t.source,
        t.columns.map((c) => ({ name: c.source, kind: c.kind })),
        REJECT_CAP,
      );
      const rows = new Set(rejects.map((r) => r.key)).size;
      if (rows > REJECT_CAP) over = true;
      if (rows)
        found.push(
          `${tableKey(t.source)}: ${rows > REJECT_CAP ? `more than ${REJECT_CAP}` : rows} row(s), e.g. column "${rejects[0]!.column}": ${rejects[0]!.reason}`,
        );
    }
    if (!found.length) return pass("Every value fits the column type the plan gives it.");
    const evidence = `Rows that cannot land as planned: ${found.join("; ")}.`;
    const remedy =
      "Open the dry run for the examples, then fix the values in the source or choose a wider type (text) for those columns on the types step.";
    return over
      ? fail(`${evidence} Over the cap of ${REJECT_CAP}, the run would stop.`, remedy)
      : warn(`${evidence} They would go to the reject list.`, remedy);
  },
};
