import { fail, pass, type PreflightCheck } from "../check";

export const sourceConnect: PreflightCheck = {
  id: "source-connect",
  title: "Source reachable and readable",
  appliesTo: () => true,
  async run(ctx) {
    if (ctx.sourceError || !ctx.connector)
      return fail(
        `Ferry could not open the source "${ctx.source.name}": ${ctx.sourceError}`,
        "Fix the source connection (host, port, credentials, or the uploaded file) and test it on the Connections page, then run preflight again.",
      );
    return pass(
      `Opened ${ctx.source.engine} source "${ctx.source.name}" and read its catalog: ${ctx.sourcePlan?.catalog.tables.length ?? 0} table(s), ${ctx.tables.length} in this migration.`,
    );
  },
};
