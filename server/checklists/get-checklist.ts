import { asc, desc, eq, inArray } from "drizzle-orm";
import { ChecklistView, type ItemEvent, type WaiverView } from "@/contracts/checklists";
import { db } from "@/server/db/client";
import { checklistItemEvents, checklistItems, users, waivers } from "@/server/db/schema";
import { approvalState } from "./approval-state";
import { ensureChecklist } from "./ensure-checklist";
import { TEMPLATES } from "./templates/registry";

export async function listWaivers(migrationId: string): Promise<WaiverView[]> {
  const rows = await db()
    .select()
    .from(waivers)
    .where(eq(waivers.migrationId, migrationId))
    .orderBy(asc(waivers.at));
  return rows.map((w) => ({
    id: w.id,
    checkId: w.checkId,
    checkTitle: w.checkTitle,
    evidence: w.evidence,
    reason: w.reason,
    waivedBy: w.waivedByEmail,
    at: w.at.toISOString(),
  }));
}

/** The migration's checklist with every item's state, evidence and history, the approval and the waivers. */
export async function getChecklist(migrationId: string): Promise<ChecklistView> {
  const { checklist, approval } = await db().transaction(async (tx) => ({
    checklist: await ensureChecklist(tx, migrationId),
    approval: await approvalState(tx, migrationId),
  }));
  const template = TEMPLATES[checklist.templateId];
  const [rows, events, people] = await Promise.all([
    db().select().from(checklistItems).where(eq(checklistItems.migrationId, migrationId)),
    db()
      .select()
      .from(checklistItemEvents)
      .where(eq(checklistItemEvents.migrationId, migrationId))
      .orderBy(desc(checklistItemEvents.id)),
    db()
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.id, [approval.authorId, ...(checklist.chosenBy ? [checklist.chosenBy] : [])])),
  ]);
  const email = (id: string | null) => (id ? (people.find((p) => p.id === id)?.email ?? null) : null);
  const history = new Map<string, ItemEvent[]>();
  for (const e of events)
    history.set(e.itemId, [
      ...(history.get(e.itemId) ?? []),
      { state: e.state, note: e.note, evidence: e.evidence, by: e.actorEmail, at: e.at.toISOString() },
    ]);
  const items = template.items.map((item) => {
    const row = rows.find((r) => r.itemId === item.id);
    return {
      ...item,
      state: row?.state ?? "open",
      note: row?.note ?? null,
      evidence: row?.evidence ?? null,
      by: row?.actorEmail ?? null,
      at: row?.updatedAt?.toISOString() ?? null,
      history: history.get(item.id) ?? [],
    };
  });
  const count = (s: string) => items.filter((i) => i.state === s).length;
  return ChecklistView.parse({
    migrationId,
    template: {
      id: template.id,
      title: template.title,
      runbook: template.runbook,
      requiresApproval: checklist.requiresApproval,
      chosenBy: email(checklist.chosenBy),
      chosenAt: checklist.chosenAt.toISOString(),
    },
    templates: Object.values(TEMPLATES).map((t) => ({ id: t.id, title: t.title })),
    phases: template.phases,
    items,
    progress: {
      total: items.length,
      done: count("done"),
      na: count("na"),
      warn: count("warn"),
      failed: count("failed"),
    },
    approval: {
      required: approval.required,
      status: approval.status,
      planHash: approval.planHash,
      authorId: approval.authorId,
      authorEmail: email(approval.authorId) ?? "unknown",
      current: approval.current,
      history: approval.history,
    },
    waivers: await listWaivers(migrationId),
    startBlockedReason: approval.blockedReason,
  });
}
