import { existingTargetTables, firstFew } from "@/server/migrations/plan-migration";
import { fail, pass, warn, type PreflightCheck } from "../check";

export const targetCollisions: PreflightCheck = {
  id: "target-collisions",
  title: "No existing target tables in the way",
  appliesTo: (ctx) => ctx.targetPg !== null && ctx.tables.length > 0,
  async run(ctx) {
    const existing = await existingTargetTables(ctx.targetPg!, ctx.targetNames);
    if (!existing.length)
      return pass(`None of the ${ctx.targetNames.length} target table(s) exists in the target yet.`);
    const which = `The target already has ${existing.length} of the migration's tables: ${firstFew(existing)}.`;
    if (ctx.options.ifTargetExists === "recreate" && ctx.source.engine !== "postgres")
      return warn(
        `${which} The migration is set to drop and recreate them: their current rows will be lost.`,
        `Take a backup of ${firstFew(existing, 3)} first (pg_dump -F c -t …) if the rows matter.`,
      );
    return fail(
      `${which} The run would stop before writing.`,
      `Drop or rename them in the target (DROP TABLE ${existing.slice(0, 3).join(", ")};), point the migration at an empty database or another target schema${ctx.source.engine === "postgres" ? "" : ', or set "If a target table exists" to drop and recreate'}.`,
    );
  },
};
