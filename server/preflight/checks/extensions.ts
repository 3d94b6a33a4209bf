import { missingExtensions } from "@/server/target/extension-remedy";
import { fail, pass, type PreflightCheck } from "../check";

export const extensions: PreflightCheck = {
  id: "extensions",
  title: "Extensions the source uses are available on the target",
  appliesTo: (ctx) => ctx.sourcePg !== null && ctx.targetPg !== null,
  async run(ctx) {
    const used = (
      await ctx.sourcePg!.query<{ name: string; version: string }>(
        "SELECT extname AS name, extversion AS version FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1",
      )
    ).rows;
    if (!used.length) return pass("The source uses no extension besides plpgsql.");
    const available = await ctx.targetPg!.query<{ name: string; preload: string; num: string }>(
      "SELECT name, current_setting('shared_preload_libraries') AS preload, current_setting('server_version_num') AS num FROM pg_available_extensions",
    );
    const problems = missingExtensions(used, {
      available: available.rows.map((r) => r.name),
      preload: available.rows[0]?.preload ?? "",
      major: Math.floor(Number(available.rows[0]?.num ?? "150000") / 10000),
      host: ctx.target.engine === "postgres" ? ctx.target.settings.host : "",
    });
    if (problems.length)
      return fail(problems.map((p) => p.problem).join(" "), problems.map((p) => p.remedy).join(" "));
    return pass(`Available on the target: ${used.map((e) => `${e.name} ${e.version}`).join(", ")}.`);
  },
};
