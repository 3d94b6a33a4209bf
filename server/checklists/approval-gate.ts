import type { Db, Tx } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { approvalState } from "./approval-state";

/** Throws 409 approval_required unless the migration's current plan is approved (or needs no approval). */
export async function assertPlanApproved(tx: Db | Tx, migrationId: string): Promise<void> {
  const { blockedReason } = await approvalState(tx, migrationId);
  if (blockedReason) throw new DomainError(409, "approval_required", blockedReason);
}
