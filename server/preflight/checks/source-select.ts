import { tableKey } from "@/server/catalog/catalog";
import { firstFew } from "@/server/migrations/plan-migration";
import { fail, pass, type PreflightCheck } from "../check";

export const sourceSelect: PreflightCheck = {
  id: "source-select",
  title: "SELECT on every source table",
  appliesTo: (ctx) => ctx.sourcePg !== null && ctx.source.engine === "postgres",
  async run(ctx) {
    const names = ctx.tables.map((t) => ({ schema: t.schema ?? "public", name: t.name }));
    const { rows } = await ctx.sourcePg!.query<{ name: string; ok: boolean; u: string }>(
      `SELECT format('%I.%I', s, t) AS name, has_table_privilege(format('%I.%I', s, t), 'SELECT') AS ok, current_user AS u
         FROM unnest($1::text[], $2::text[]) AS x(s, t)`,
      [names.map((n) => n.schema), names.map((n) => n.name)],
    );
    const denied = rows.filter((r) => !r.ok).map((r) => r.name);
    const user = ctx.source.engine === "postgres" ? ctx.source.settings.user : "";
    if (denied.length)
      return fail(
        `"${user}" may not SELECT from ${denied.length} source table(s): ${firstFew(denied)}.`,
        `On the source, run: GRANT SELECT ON ${denied.slice(0, 20).join(", ")} TO "${user}"; (or GRANT pg_read_all_data TO "${user}"; on PostgreSQL 14+).`,
      );
    return pass(
      `"${user}" may SELECT from all ${rows.length} table(s) of the migration (${firstFew(ctx.tables.map(tableKey), 3)}).`,
    );
  },
};
