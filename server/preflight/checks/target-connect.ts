import { fail, pass, type PreflightCheck } from "../check";

export const targetConnect: PreflightCheck = {
  id: "target-connect",
  title: "Target reachable",
  appliesTo: () => true,
  async run(ctx) {
    if (!ctx.targetPg)
      return fail(
        `Ferry could not connect to the target "${ctx.target.name}": ${ctx.targetError}`,
        "Fix the target connection and test it on the Connections page, then run preflight again.",
      );
    const { rows } = await ctx.targetPg.query<{ v: string; u: string; d: string }>(
      "SELECT current_setting('server_version') AS v, current_user AS u, current_database() AS d",
    );
    return pass(`Connected to PostgreSQL ${rows[0]!.v} as "${rows[0]!.u}", database "${rows[0]!.d}".`);
  },
};
