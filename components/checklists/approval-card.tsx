"use client";

import { useState } from "react";
import { approveBlocker, type ApprovalStatus, type ChecklistView } from "@/contracts/checklists";
import type { PreflightCheckResult } from "@/contracts/preflight";
import { APPROVERS, type SessionUser } from "@/contracts/roles";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatTime } from "@/contracts/format";
import { ErrorBox } from "@/components/ui/messages";
import { NoteForm } from "./note-form";

const STATUS: Record<ApprovalStatus, { tone: Tone; label: string }> = {
  approved: { tone: "green", label: "approved" },
  pending: { tone: "amber", label: "waiting for approval" },
  void: { tone: "amber", label: "approval void: plan changed" },
  revoked: { tone: "red", label: "approval revoked" },
  "not-required": { tone: "grey", label: "no approval needed" },
};

/** Whether the plan as it is now is approved, who may approve it, and the preflight warnings a lead waived. */
export function ApprovalCard({
  view,
  viewer,
  warnings,
  busy,
  error,
  onApprove,
  onRevoke,
  onWaive,
}: {
  view: ChecklistView;
  viewer: SessionUser | undefined;
  warnings: PreflightCheckResult[];
  busy: boolean;
  error: string | null;
  onApprove: () => void;
  onRevoke: (reason: string) => void;
  onWaive: (checkId: string, reason: string) => void;
}) {
  const [form, setForm] = useState<string | null>(null);
  const a = view.approval;
  const status = STATUS[a.status];
  const isApprover = !!viewer && APPROVERS.includes(viewer.role);
  const blocker = viewer ? approveBlocker(viewer, a) : null;
  const waived = new Set(view.waivers.map((w) => w.checkId));
  const open = warnings.filter((w) => !waived.has(w.id));
  return (
    <Card title="Approval">
      <div className="space-y-4 text-sm" data-testid="approval-card">
        <div className="flex flex-wrap items-center gap-3">
          <Badge tone={status.tone} testId="approval-status">
            {status.label}
          </Badge>
          <span className="font-mono text-xs text-slate-400" title={a.planHash}>
            plan {a.planHash.slice(0, 12)}
          </span>
          <span className="text-xs text-slate-400">authored by {a.authorEmail}</span>
        </div>
        {a.current && (
          <p className="text-slate-700">
            Approved by <span className="font-medium">{a.current.approvedBy}</span> ·{" "}
            {formatTime(a.current.approvedAt)}
            {a.current.note && <span className="text-slate-500"> — “{a.current.note}”</span>}
          </p>
        )}
        {view.startBlockedReason && (
          <p className="text-slate-600" data-testid="approval-reason">
            {view.startBlockedReason}
          </p>
        )}
        {error && <ErrorBox title="That did not go through">{error}</ErrorBox>}
        {isApprover && a.status !== "approved" && !blocker && (
          <Button onClick={onApprove} disabled={busy}>
            Approve this plan
          </Button>
        )}
        {blocker && a.status !== "approved" && (
          <p className="text-slate-500" data-testid="approve-blocker">
            {blocker}
          </p>
        )}
        {isApprover && a.status === "approved" && form !== "revoke" && (
          <Button variant="secondary" onClick={() => setForm("revoke")} disabled={busy}>
            Revoke approval
          </Button>
        )}
        {form === "revoke" && (
          <NoteForm
            label="Reason for revoking"
            placeholder="Why is the approval withdrawn?"
            confirm="Revoke"
            busy={busy}
            onCancel={() => setForm(null)}
            onSubmit={(reason) => {
              onRevoke(reason);
              setForm(null);
            }}
          />
        )}
        {(view.waivers.length > 0 || (isApprover && open.length > 0)) && (
          <div>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Preflight warnings
            </h3>
            <ul className="divide-y divide-slate-100">
              {view.waivers.map((w) => (
                <li key={w.id} className="py-2" data-testid={`waiver-${w.checkId}`}>
                  <span className="font-medium text-slate-800">{w.checkTitle}</span>{" "}
                  <Badge tone="grey">waived</Badge>
                  <p className="text-slate-600">“{w.reason}”</p>
                  <p className="text-xs text-slate-400">
                    {w.waivedBy} · {formatTime(w.at)}
                  </p>
                </li>
              ))}
              {isApprover &&
                open.map((w) => (
                  <li key={w.id} className="py-2">
                    <div className="flex items-center justify-between gap-2">
                      <span className="font-medium text-slate-800">{w.title}</span>
                      {form !== w.id && (
                        <Button variant="ghost" onClick={() => setForm(w.id)} disabled={busy}>
                          Waive
                        </Button>
                      )}
                    </div>
                    <p className="text-xs text-slate-500">{w.evidence}</p>
                    {form === w.id && (
                      <NoteForm
                        label={`Reason to waive ${w.title}`}
                        placeholder="Why is this warning acceptable?"
                        confirm="Waive"
                        busy={busy}
                        onCancel={() => setForm(null)}
                        onSubmit={(reason) => {
                          onWaive(w.id, reason);
                          setForm(null);
                        }}
                      />
                    )}
                  </li>
                ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
