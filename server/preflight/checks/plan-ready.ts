import { fail, pass, warn, type PreflightCheck } from "../check";

export const planReady: PreflightCheck = {
  id: "plan",
  title: "The run can be planned",
  appliesTo: (ctx) => ctx.sourcePlan !== null,
  async run(ctx) {
    const p = ctx.sourcePlan!;
    if (!p.plan)
      return fail(
        `The run could not be planned: ${p.planError}`,
        "Fix what the message names (table selection, names, types) in the source or the migration, then run preflight again.",
      );
    if (!p.plan.tables.length)
      return warn(
        "The migration selects no table: a run would copy nothing.",
        "Edit the migration's table selection.",
      );
    const rows = p.plan.tables.reduce((n, t) => n + t.rowCount, 0);
    return pass(
      `${p.plan.tables.length} table(s), ${rows.toLocaleString("en")} row(s), in the order the run would copy them.`,
    );
  },
};

export const foreignKeysInScope: PreflightCheck = {
  id: "foreign-keys-scope",
  title: "Foreign keys point inside the migration",
  appliesTo: (ctx) => Boolean(ctx.sourcePlan?.plan),
  async run(ctx) {
    const skipped = ctx.sourcePlan!.plan!.skippedForeignKeys;
    if (!skipped.length)
      return pass("Every foreign key of the selected tables references a table that is migrated too.");
    return warn(
      `${skipped.length} foreign key(s) reference tables outside the selection and are left out: ${skipped.slice(0, 3).join("; ")}.`,
      "Add the referenced tables to the migration, or recreate those foreign keys by hand once the referenced data is in the target.",
    );
  },
};
