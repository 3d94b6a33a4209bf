import * as z from "zod";
import { ReportApprovalV1, ReportWaiverV1 } from "./reports";
import { APPROVERS, type Role } from "./roles";

export const TemplateId = z.enum(["cloud-move", "comprehensive", "legacy-file", "app-db"]);
export type TemplateId = z.infer<typeof TemplateId>;

/** The run steps that tick automatic items when they finish. */
export const RunStepKey = z.enum(["schema", "data", "post-data", "verify"]);
export type RunStepKey = z.infer<typeof RunStepKey>;

/**
 * open: nothing yet; done: ticked (by a person or by evidence); warn: a mapped check warned and is not
 * waived; failed: a mapped check failed; na: marked not applicable, with a reason.
 */
export const ItemState = z.enum(["open", "done", "warn", "failed", "na"]);
export type ItemState = z.infer<typeof ItemState>;

/** One line of a runbook: ticked by preflight checks or a run step (auto), or by a person (manual). */
export const TemplateItem = z.object({
  id: z.string(),
  phase: z.string(),
  title: z.string(),
  kind: z.enum(["auto", "manual"]),
  /** Auto items: the preflight checks whose verdicts tick it (all must pass or be waived). */
  preflightChecks: z.array(z.string()).default([]),
  /** Auto items: the run step whose success ticks it. */
  runStep: RunStepKey.nullable().default(null),
  hint: z.string().default(""),
});
export type TemplateItem = z.infer<typeof TemplateItem>;

export const ChecklistTemplate = z.object({
  id: TemplateId,
  title: z.string(),
  runbook: z.string(),
  phases: z.array(z.string()).min(1),
  requiresApproval: z.boolean(),
  items: z.array(TemplateItem).min(1),
});
export type ChecklistTemplate = z.infer<typeof ChecklistTemplate>;

export const ItemEvent = z.object({
  state: ItemState,
  note: z.string().nullable(),
  evidence: z.string().nullable(),
  /** null: Ferry itself (a preflight or a run). */
  by: z.string().nullable(),
  at: z.string(),
});
export type ItemEvent = z.infer<typeof ItemEvent>;

export const ChecklistItemView = TemplateItem.extend({
  state: ItemState,
  note: z.string().nullable(),
  evidence: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string().nullable(),
  history: z.array(ItemEvent),
});
export type ChecklistItemView = z.infer<typeof ChecklistItemView>;

/** An approval as the report records it, less which run it matched, plus its id. */
export const ApprovalView = ReportApprovalV1.omit({ matchesRunPlan: true }).extend({ id: z.uuid() });
export type ApprovalView = z.infer<typeof ApprovalView>;

/** approved: a lead approved this exact plan; void: approved, then the plan changed; pending: never approved. */
export const ApprovalStatus = z.enum(["not-required", "approved", "pending", "void", "revoked"]);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/** A waiver as the report records it, plus its id. */
export const WaiverView = ReportWaiverV1.extend({ id: z.uuid() });
export type WaiverView = z.infer<typeof WaiverView>;

export const ChecklistProgress = z.object({
  total: z.number().int(),
  done: z.number().int(),
  na: z.number().int(),
  warn: z.number().int(),
  failed: z.number().int(),
});
export type ChecklistProgress = z.infer<typeof ChecklistProgress>;

export const ChecklistView = z.object({
  migrationId: z.uuid(),
  template: z.object({
    id: TemplateId,
    title: z.string(),
    runbook: z.string(),
    requiresApproval: z.boolean(),
    /** null: chosen automatically from the engines. */
    chosenBy: z.string().nullable(),
    chosenAt: z.string(),
  }),
  templates: z.array(z.object({ id: TemplateId, title: z.string() })),
  phases: z.array(z.string()),
  items: z.array(ChecklistItemView),
  progress: ChecklistProgress,
  approval: z.object({
    required: z.boolean(),
    status: ApprovalStatus,
    planHash: z.string(),
    authorId: z.uuid(),
    authorEmail: z.string(),
    current: ApprovalView.nullable(),
    history: z.array(ApprovalView),
  }),
  waivers: z.array(WaiverView),
  /** Why a run cannot start now; null when it may. */
  startBlockedReason: z.string().nullable(),
});
export type ChecklistView = z.infer<typeof ChecklistView>;

const Note = z.string().trim().max(2000);
/** A note that must say something; missing and blank get the same message. */
const Said = (error: string) => z.string({ error }).trim().min(1, { error }).max(2000);

export const UpdateItemInput = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("tick"),
    note: Said("Add a note: what was done, and where the proof is."),
  }),
  z.object({ action: z.literal("untick"), note: Note.optional() }),
  z.object({
    action: z.literal("na"),
    reason: Said("Say why this item does not apply."),
  }),
]);
export type UpdateItemInput = z.infer<typeof UpdateItemInput>;

export const ChooseTemplateInput = z.object({ templateId: TemplateId });
export type ChooseTemplateInput = z.infer<typeof ChooseTemplateInput>;

export const ApproveInput = z.object({ note: Note.optional() });
export type ApproveInput = z.infer<typeof ApproveInput>;

export const RevokeInput = z.object({
  reason: Said("Say why the approval is revoked."),
});
export type RevokeInput = z.infer<typeof RevokeInput>;

export const WaiveInput = z.object({
  checkId: z.string().min(1),
  reason: Said("Say why this warning is acceptable."),
});
export type WaiveInput = z.infer<typeof WaiveInput>;

/** Why this person may not approve the current plan; null when they may. The server enforces the same. */
export function approveBlocker(
  viewer: { id: string; role: Role },
  approval: Pick<ChecklistView["approval"], "authorId" | "status">,
): string | null {
  if (!APPROVERS.includes(viewer.role)) return "Only a lead can approve a migration's plan.";
  if (viewer.id === approval.authorId)
    return "You created this migration, so you cannot approve it: another lead must.";
  if (approval.status === "approved") return "This plan is already approved.";
  return null;
}

export const progressFraction = (p: ChecklistProgress): number =>
  p.total === 0 ? 1 : (p.done + p.na) / p.total;
