import type { RunStepKey } from "@/contracts/checklists";
import { db } from "@/server/db/client";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { ensureChecklist } from "./ensure-checklist";
import { TEMPLATES } from "./templates/registry";
import { writeItemState } from "./write-item-state";

/** Ticks the items a finished run step proves (or flags them failed), with the evidence; other steps are ignored. */
export async function tickRunStep(
  migrationId: string,
  step: RunStepKey,
  evidence: string,
  state: "done" | "failed" = "done",
): Promise<void> {
  await db().transaction(async (tx) => {
    const checklist = await ensureChecklist(tx, migrationId);
    for (const item of TEMPLATES[checklist.templateId].items.filter((i) => i.runStep === step))
      await writeItemState(tx, { migrationId, itemId: item.id, state, note: null, evidence, actor: null });
  });
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
}
