"use client";

import {
  progressFraction,
  type ChecklistView,
  type TemplateId,
  type UpdateItemInput,
} from "@/contracts/checklists";
import { Card } from "@/components/ui/card";
import { ErrorBox } from "@/components/ui/messages";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ChecklistItemRow } from "./checklist-item-row";

/** The runbook of a migration, phase by phase, with its progress; a DBA ticks and chooses the template. */
export function ChecklistCard({
  view,
  canEdit,
  busy,
  error,
  onUpdate,
  onTemplate,
}: {
  view: ChecklistView;
  canEdit: boolean;
  busy: boolean;
  error: string | null;
  onUpdate: (itemId: string, input: UpdateItemInput) => void;
  onTemplate: (id: TemplateId) => void;
}) {
  const p = view.progress;
  const complete = p.done + p.na;
  return (
    <Card
      title="Checklist"
      testId="checklist-card"
      actions={
        canEdit && (
          <select
            aria-label="Checklist template"
            value={view.template.id}
            disabled={busy}
            onChange={(e) => onTemplate(e.target.value as TemplateId)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {view.templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        )
      }
    >
      <div>
        <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <span className="text-slate-600" data-testid="checklist-progress">
            {complete} of {p.total} done
            {p.failed > 0 && <span className="text-red-700"> · {p.failed} failing</span>}
            {p.warn > 0 && <span className="text-amber-700"> · {p.warn} to review</span>}
          </span>
          <span className="text-xs text-slate-400" data-testid="checklist-template">
            {view.template.title} · {view.template.runbook} ·{" "}
            {view.template.chosenBy ? `chosen by ${view.template.chosenBy}` : "chosen from the engines"}
          </span>
        </div>
        <ProgressBar
          fraction={progressFraction(p)}
          label="Checklist progress"
          tone={p.failed ? "red" : "teal"}
          size="sm"
        />
        {error && (
          <div className="mt-4">
            <ErrorBox title="The checklist was not changed">{error}</ErrorBox>
          </div>
        )}
        {view.phases.map((phase) => {
          const items = view.items.filter((i) => i.phase === phase);
          const phaseDone = items.filter((i) => i.state === "done" || i.state === "na").length;
          return (
            <section key={phase} className="mt-5" data-testid={`checklist-phase-${phase}`}>
              <h3 className="flex items-baseline justify-between border-b border-slate-100 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                <span>{phase}</span>
                <span className="font-normal normal-case">
                  {phaseDone}/{items.length}
                </span>
              </h3>
              <ul className="divide-y divide-slate-100">
                {items.map((item) => (
                  <ChecklistItemRow
                    key={item.id}
                    item={item}
                    canEdit={canEdit}
                    busy={busy}
                    onUpdate={(input) => onUpdate(item.id, input)}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </Card>
  );
}
