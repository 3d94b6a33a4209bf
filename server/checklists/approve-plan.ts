import { eq } from "drizzle-orm";
import { approveBlocker, type ApproveInput, type RevokeInput } from "@/contracts/checklists";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { approvals } from "@/server/db/schema";
import { conflict, DomainError } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { approvalState } from "./approval-state";

/** A lead (or an admin) approves the migration's plan as it is now; never the migration's own author. */
export async function approvePlan({
  actor,
  migrationId,
  input,
}: {
  actor: SessionUser;
  migrationId: string;
  input: ApproveInput;
}): Promise<void> {
  await db().transaction(async (tx) => {
    const state = await approvalState(tx, migrationId);
    const blocker = approveBlocker(actor, { authorId: state.authorId, status: state.status });
    if (blocker)
      throw state.status === "approved" && actor.id !== state.authorId
        ? conflict("already_approved", blocker)
        : new DomainError(403, "cannot_approve", blocker);
    const [row] = await tx
      .insert(approvals)
      .values({
        migrationId,
        planHash: state.planHash,
        note: input.note || null,
        approvedBy: actor.id,
        approvedByEmail: actor.email,
      })
      .returning({ id: approvals.id });
    await recordAudit(tx, {
      actor,
      action: "migration.approve",
      objectType: "migration",
      objectId: migrationId,
      details: { approvalId: row!.id, planHash: state.planHash, note: input.note ?? null },
    });
  });
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
}

/** Withdraws the approval of the current plan, with the reason; a run cannot start until a lead approves again. */
export async function revokeApproval({
  actor,
  migrationId,
  input,
}: {
  actor: SessionUser;
  migrationId: string;
  input: RevokeInput;
}): Promise<void> {
  await db().transaction(async (tx) => {
    const state = await approvalState(tx, migrationId);
    if (!state.current) throw conflict("not_approved", "The current plan has no approval to revoke.");
    await tx
      .update(approvals)
      .set({
        revokedAt: new Date(),
        revokedBy: actor.id,
        revokedByEmail: actor.email,
        revokeReason: input.reason,
      })
      .where(eq(approvals.id, state.current.id));
    await recordAudit(tx, {
      actor,
      action: "migration.revoke-approval",
      objectType: "migration",
      objectId: migrationId,
      details: { approvalId: state.current.id, reason: input.reason },
    });
  });
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
}
