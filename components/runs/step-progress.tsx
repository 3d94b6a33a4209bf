import type { RunStep } from "@/contracts/runs";
import { ProgressBar } from "@/components/ui/progress-bar";

/** Non-copy work of the current phase (index builds), under the row progress. */
export function StepProgress({ step }: { step: RunStep }) {
  return (
    <div className="mt-5 border-t border-slate-100 pt-4" data-testid="run-step">
      <div className="mb-2 flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium text-slate-700">{step.label}</span>
        {step.detail && <span className="truncate text-slate-500">{step.detail}</span>}
      </div>
      <ProgressBar fraction={step.total ? step.done / step.total : 0} label={step.label} size="sm" />
    </div>
  );
}
