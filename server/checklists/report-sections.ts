import type { ReportApprovalV1, ReportChecklistItemV1, ReportWaiverV1 } from "@/contracts/reports";
import { getChecklist } from "./get-checklist";

/** The checklist, approvals and waivers as the verification report carries them. */
export async function reportSections(migrationId: string): Promise<{
  checklist: ReportChecklistItemV1[];
  approvals: ReportApprovalV1[];
  waivers: ReportWaiverV1[];
}> {
  const view = await getChecklist(migrationId);
  return {
    checklist: view.items.map((i) => ({
      id: i.id,
      phase: i.phase,
      title: i.title,
      kind: i.kind,
      state: i.state,
      by: i.by,
      at: i.at,
      note: i.note,
      evidence: i.evidence,
    })),
    approvals: view.approval.history.map((a) => ({
      planHash: a.planHash,
      approvedBy: a.approvedBy,
      approvedAt: a.approvedAt,
      note: a.note,
      revokedBy: a.revokedBy,
      revokedAt: a.revokedAt,
      revokeReason: a.revokeReason,
      matchesRunPlan: a.planHash === view.approval.planHash,
    })),
    waivers: view.waivers.map((w) => ({
      checkId: w.checkId,
      checkTitle: w.checkTitle,
      evidence: w.evidence,
      reason: w.reason,
      waivedBy: w.waivedBy,
      at: w.at,
    })),
  };
}
