import { eq } from "drizzle-orm";
import type { TemplateId } from "@/contracts/checklists";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { checklists } from "@/server/db/schema";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { applyPreflight } from "./apply-preflight";
import { ensureChecklist, syncItems } from "./ensure-checklist";
import { TEMPLATES } from "./templates/registry";

/** The DBA overrides the runbook Ferry chose; items the templates share keep their state. */
export async function setTemplate({
  actor,
  migrationId,
  templateId,
}: {
  actor: SessionUser;
  migrationId: string;
  templateId: TemplateId;
}): Promise<void> {
  const template = TEMPLATES[templateId];
  await db().transaction(async (tx) => {
    const before = await ensureChecklist(tx, migrationId);
    await tx
      .update(checklists)
      .set({
        templateId,
        requiresApproval: template.requiresApproval,
        chosenBy: actor.id,
        chosenAt: new Date(),
      })
      .where(eq(checklists.migrationId, migrationId));
    await syncItems(tx, migrationId, template);
    await recordAudit(tx, {
      actor,
      action: "checklist.template",
      objectType: "migration",
      objectId: migrationId,
      details: { from: before.templateId, to: templateId },
    });
  });
  await applyPreflight(migrationId);
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
}
