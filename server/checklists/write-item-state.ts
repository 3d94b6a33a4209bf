import { and, eq } from "drizzle-orm";
import type { ItemState } from "@/contracts/checklists";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import type { Db, Tx } from "@/server/db/client";
import { checklistItemEvents, checklistItems } from "@/server/db/schema";

export type ItemChange = {
  migrationId: string;
  itemId: string;
  state: ItemState;
  note: string | null;
  evidence: string | null;
  /** null: Ferry itself, from a preflight or a run step. */
  actor: Pick<SessionUser, "id" | "email"> | null;
};

/**
 * The one writer of item state: the current row, a history event and an audit event together.
 * A change that changes nothing (same state, note and evidence) writes nothing, so re-applied evidence is quiet.
 */
export async function writeItemState(tx: Db | Tx, change: ItemChange): Promise<boolean> {
  const where = and(
    eq(checklistItems.migrationId, change.migrationId),
    eq(checklistItems.itemId, change.itemId),
  );
  const [current] = await tx.select().from(checklistItems).where(where).for("update");
  if (!current) return false;
  // Evidence never overrides a person's "not applicable"; only a person changes it back.
  if (change.actor === null && current.state === "na" && current.actorId) return false;
  if (
    current.state === change.state &&
    current.note === change.note &&
    current.evidence === change.evidence &&
    change.actor === null
  )
    return false;
  const at = new Date();
  const who = { actorId: change.actor?.id ?? null, actorEmail: change.actor?.email ?? null };
  await tx
    .update(checklistItems)
    .set({ state: change.state, note: change.note, evidence: change.evidence, ...who, updatedAt: at })
    .where(where);
  await tx.insert(checklistItemEvents).values({
    migrationId: change.migrationId,
    itemId: change.itemId,
    state: change.state,
    note: change.note,
    evidence: change.evidence,
    ...who,
    at,
  });
  await recordAudit(tx, {
    actor: change.actor,
    action: change.actor ? "checklist.item" : "checklist.item-auto",
    objectType: "migration",
    objectId: change.migrationId,
    details: {
      item: change.itemId,
      from: current.state,
      to: change.state,
      note: change.note,
      evidence: change.evidence,
    },
  });
  return true;
}
