import { and, eq, inArray } from "drizzle-orm";
import { MigrationOptions, type MigrationView, type UpdateMigrationInput } from "@/contracts/migrations";
import type { SessionUser } from "@/contracts/roles";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { recordAudit } from "@/server/audit/record-audit";
import { planHash } from "@/server/checklists/plan-hash";
import { db } from "@/server/db/client";
import { migrations, runs } from "@/server/db/schema";
import { conflict, notFound } from "@/server/errors";
import { getMigration } from "./manage-migrations";

/** Changes the plan (name, tables, options). A changed plan no longer matches its approval, which is void. */
export async function updateMigration({
  actor,
  migrationId,
  input,
}: {
  actor: SessionUser;
  migrationId: string;
  input: UpdateMigrationInput;
}): Promise<MigrationView> {
  await db().transaction(async (tx) => {
    const [m] = await tx.select().from(migrations).where(eq(migrations.id, migrationId)).for("update");
    if (!m) throw notFound(`Migration ${migrationId}`);
    const [active] = await tx
      .select({ id: runs.id })
      .from(runs)
      .where(
        and(eq(runs.migrationId, migrationId), inArray(runs.status, ["queued", "running", "verifying"])),
      );
    if (active)
      throw conflict(
        "run_in_progress",
        `Run ${active.id} is in progress; change the plan when it has ended.`,
      );
    const options = MigrationOptions.parse({ ...m.options, ...input.options });
    const tables = input.tables === undefined ? m.tables : input.tables;
    const hash = planHash({ ...m, tables, options });
    await tx
      .update(migrations)
      .set({ name: input.name ?? m.name, tables, options, planHash: hash, updatedAt: new Date() })
      .where(eq(migrations.id, migrationId));
    await recordAudit(tx, {
      actor,
      action: "migration.update",
      objectType: "migration",
      objectId: migrationId,
      details: {
        name: input.name,
        tables: input.tables,
        options: input.options,
        planChanged: hash !== planHash(m),
      },
    });
  });
  // The approval's status follows the plan's hash, so the checklist view changed with it.
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
  return getMigration(migrationId);
}
