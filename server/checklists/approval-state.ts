import { desc, eq } from "drizzle-orm";
import type { ApprovalStatus, ApprovalView } from "@/contracts/checklists";
import type { Db, Tx } from "@/server/db/client";
import { approvals, migrations } from "@/server/db/schema";
import { notFound } from "@/server/errors";
import { ensureChecklist } from "./ensure-checklist";
import { planHash } from "./plan-hash";

export type ApprovalState = {
  required: boolean;
  status: ApprovalStatus;
  /** The hash of the plan as it is now, recomputed from the migration's fields. */
  planHash: string;
  authorId: string;
  current: ApprovalView | null;
  history: ApprovalView[];
  /** Why a run may not start; null when it may. */
  blockedReason: string | null;
};

const toView = (a: typeof approvals.$inferSelect): ApprovalView => ({
  id: a.id,
  planHash: a.planHash,
  approvedBy: a.approvedByEmail,
  approvedAt: a.approvedAt.toISOString(),
  note: a.note,
  revokedBy: a.revokedByEmail,
  revokedAt: a.revokedAt?.toISOString() ?? null,
  revokeReason: a.revokeReason,
});

const day = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** Whether the migration's current plan is approved; the gate the API and the worker both ask. */
export async function approvalState(tx: Db | Tx, migrationId: string): Promise<ApprovalState> {
  const [m] = await tx.select().from(migrations).where(eq(migrations.id, migrationId));
  if (!m) throw notFound(`Migration ${migrationId}`);
  const checklist = await ensureChecklist(tx, migrationId);
  const hash = planHash(m);
  // migrations.plan_hash is a copy for SQL readers (a board); keep it true for rows written before it existed.
  if (m.planHash !== hash)
    await tx.update(migrations).set({ planHash: hash }).where(eq(migrations.id, migrationId));
  const rows = await tx
    .select()
    .from(approvals)
    .where(eq(approvals.migrationId, migrationId))
    .orderBy(desc(approvals.approvedAt));
  const history = rows.map(toView);
  const current = history.find((a) => a.planHash === hash && !a.revokedAt) ?? null;
  const latest = history[0];
  let status: ApprovalStatus;
  let blockedReason: string | null = null;
  if (current) status = "approved";
  else if (!checklist.requiresApproval) status = "not-required";
  else if (!latest) {
    status = "pending";
    blockedReason = "A lead must approve this migration's plan before it can run.";
  } else if (latest.revokedAt) {
    status = "revoked";
    blockedReason = `${latest.revokedBy} revoked the approval (${latest.revokeReason}). A lead must approve the plan again before it can run.`;
  } else {
    status = "void";
    blockedReason = `The plan changed after ${latest.approvedBy} approved it on ${day(latest.approvedAt)} UTC; a lead must approve the current plan before it can run.`;
  }
  return {
    required: checklist.requiresApproval,
    status,
    planHash: hash,
    authorId: m.createdBy,
    current,
    history,
    blockedReason,
  };
}
