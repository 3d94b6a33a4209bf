import { and, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ChecklistTemplate } from "@/contracts/checklists";
import type { Db, Tx } from "@/server/db/client";
import { checklistItems, checklists, connections, migrations } from "@/server/db/schema";
import { notFound } from "@/server/errors";
import { chooseTemplate } from "./choose-template";
import { TEMPLATES } from "./templates/registry";

const source = alias(connections, "source");
const target = alias(connections, "target");

/** The migration's checklist row, created with the automatic template on first use (idempotent). */
export async function ensureChecklist(
  tx: Db | Tx,
  migrationId: string,
): Promise<typeof checklists.$inferSelect> {
  const [existing] = await tx.select().from(checklists).where(eq(checklists.migrationId, migrationId));
  if (existing) return existing;
  const [m] = await tx
    .select({ sourceEngine: source.engine, targetConfig: target.config })
    .from(migrations)
    .innerJoin(source, eq(source.id, migrations.sourceId))
    .innerJoin(target, eq(target.id, migrations.targetId))
    .where(eq(migrations.id, migrationId));
  if (!m) throw notFound(`Migration ${migrationId}`);
  const host = m.targetConfig.engine === "postgres" ? m.targetConfig.host : undefined;
  const template = TEMPLATES[chooseTemplate(m.sourceEngine, host)];
  await tx
    .insert(checklists)
    .values({ migrationId, templateId: template.id, requiresApproval: template.requiresApproval })
    .onConflictDoNothing();
  await syncItems(tx, migrationId, template);
  const [row] = await tx.select().from(checklists).where(eq(checklists.migrationId, migrationId));
  return row!;
}

/**
 * Makes the item rows those of the template: new items start open, items the templates share keep their
 * state and history, items of the old template only are dropped from the current state (their events stay).
 */
export async function syncItems(
  tx: Db | Tx,
  migrationId: string,
  template: ChecklistTemplate,
): Promise<void> {
  const wanted = new Set(template.items.map((i) => i.id));
  const rows = await tx
    .select({ itemId: checklistItems.itemId })
    .from(checklistItems)
    .where(eq(checklistItems.migrationId, migrationId));
  const dropped = rows.map((r) => r.itemId).filter((id) => !wanted.has(id));
  if (dropped.length)
    await tx
      .delete(checklistItems)
      .where(and(eq(checklistItems.migrationId, migrationId), inArray(checklistItems.itemId, dropped)));
  await tx
    .insert(checklistItems)
    .values(template.items.map((i) => ({ migrationId, itemId: i.id })))
    .onConflictDoNothing();
}
