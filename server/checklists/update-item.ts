import { and, eq } from "drizzle-orm";
import type { UpdateItemInput } from "@/contracts/checklists";
import type { SessionUser } from "@/contracts/roles";
import { db } from "@/server/db/client";
import { checklistItems } from "@/server/db/schema";
import { badRequest, notFound } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { ensureChecklist } from "./ensure-checklist";
import { TEMPLATES } from "./templates/registry";
import { writeItemState } from "./write-item-state";

/** A person ticks or unticks a manual item with a note, or marks any item not applicable with a reason. */
export async function updateItem({
  actor,
  migrationId,
  itemId,
  input,
}: {
  actor: SessionUser;
  migrationId: string;
  itemId: string;
  input: UpdateItemInput;
}): Promise<void> {
  await db().transaction(async (tx) => {
    const checklist = await ensureChecklist(tx, migrationId);
    const item = TEMPLATES[checklist.templateId].items.find((i) => i.id === itemId);
    if (!item) throw notFound(`Checklist item "${itemId}"`);
    const base = { migrationId, itemId, actor, evidence: null };
    if (input.action === "na")
      return void (await writeItemState(tx, { ...base, state: "na", note: input.reason }));
    if (item.kind === "auto" && input.action === "tick")
      throw badRequest(
        "automatic_item",
        `"${item.title}" is ticked by Ferry from ${item.runStep ? "a run" : "preflight"} evidence, not by hand. If it does not apply, mark it not applicable with a reason.`,
      );
    if (item.kind === "auto") {
      const [row] = await tx
        .select({ state: checklistItems.state })
        .from(checklistItems)
        .where(and(eq(checklistItems.migrationId, migrationId), eq(checklistItems.itemId, itemId)));
      if (row?.state !== "na")
        throw badRequest(
          "automatic_item",
          `"${item.title}" is set by Ferry's evidence; only "not applicable" can be undone.`,
        );
    }
    await writeItemState(tx, {
      ...base,
      state: input.action === "tick" ? "done" : "open",
      note: input.note ?? null,
    });
  });
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
}
