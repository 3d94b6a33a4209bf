"use client";

import { useState } from "react";
import type { ChecklistItemView, ItemState, UpdateItemInput } from "@/contracts/checklists";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatTime } from "@/contracts/format";
import { NoteForm } from "./note-form";

const STATE: Record<ItemState, { tone: Tone; label: string }> = {
  open: { tone: "grey", label: "open" },
  done: { tone: "green", label: "done" },
  warn: { tone: "amber", label: "to review" },
  failed: { tone: "red", label: "failed" },
  na: { tone: "grey", label: "not applicable" },
};

const source = (item: ChecklistItemView) =>
  item.kind === "manual" ? "manual" : item.runStep ? "automatic · run" : "automatic · preflight";

/** One checklist line: state, what ticks it, its evidence or note, who and when, and a DBA's actions. */
export function ChecklistItemRow({
  item,
  canEdit,
  busy,
  onUpdate,
}: {
  item: ChecklistItemView;
  canEdit: boolean;
  busy: boolean;
  onUpdate: (input: UpdateItemInput) => void;
}) {
  const [form, setForm] = useState<"tick" | "na" | null>(null);
  const state = STATE[item.state];
  const canTick = item.kind === "manual" && item.state !== "done";
  const canUndo = (item.kind === "manual" && item.state === "done") || item.state === "na";
  return (
    <li className="py-3" data-testid={`checklist-item-${item.id}`}>
      <div className="flex items-start gap-3">
        <div className="w-28 shrink-0 pt-0.5">
          <Badge tone={state.tone} testId={`item-state-${item.id}`}>
            {state.label}
          </Badge>
        </div>
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium text-slate-800">
            {item.title}
            <span className="ml-2 text-xs font-normal text-slate-400">{source(item)}</span>
          </p>
          {item.hint && <p className="text-xs text-slate-500">{item.hint}</p>}
          {item.note && <p className="mt-1 text-sm text-slate-700">“{item.note}”</p>}
          {item.evidence && (
            <p className="mt-1 text-xs leading-relaxed whitespace-pre-line text-slate-500">{item.evidence}</p>
          )}
          {item.at && (
            <p className="mt-1 text-xs text-slate-400">
              {item.by ?? "Ferry"} · {formatTime(item.at)}
            </p>
          )}
          {item.history.length > 1 && (
            <details className="mt-1 text-xs text-slate-500">
              <summary className="cursor-pointer text-slate-400 hover:text-slate-600">
                History · {item.history.length} changes
              </summary>
              <ol className="mt-1 space-y-0.5 border-l border-slate-200 pl-3">
                {item.history.map((h, i) => (
                  <li key={i}>
                    {STATE[h.state].label} · {h.by ?? "Ferry"} · {formatTime(h.at)}
                    {h.note && <span className="text-slate-600"> — “{h.note}”</span>}
                  </li>
                ))}
              </ol>
            </details>
          )}
          {form && (
            <NoteForm
              label={form === "tick" ? `Note for ${item.title}` : `Reason ${item.title} does not apply`}
              placeholder={
                form === "tick" ? "What was done, and where is the proof?" : "Why does this not apply?"
              }
              confirm={form === "tick" ? "Tick" : "Mark not applicable"}
              busy={busy}
              onCancel={() => setForm(null)}
              onSubmit={(text) => {
                onUpdate(form === "tick" ? { action: "tick", note: text } : { action: "na", reason: text });
                setForm(null);
              }}
            />
          )}
        </div>
        {canEdit && !form && (
          <div className="flex shrink-0 gap-1">
            {canTick && (
              <Button variant="secondary" onClick={() => setForm("tick")} disabled={busy}>
                Tick
              </Button>
            )}
            {canUndo && (
              <Button variant="ghost" onClick={() => onUpdate({ action: "untick" })} disabled={busy}>
                {item.state === "na" ? "Undo n/a" : "Untick"}
              </Button>
            )}
            {item.state !== "na" && item.state !== "done" && (
              <Button variant="ghost" onClick={() => setForm("na")} disabled={busy}>
                N/A
              </Button>
            )}
          </div>
        )}
      </div>
    </li>
  );
}
