import type { RunPhase, RunStatus } from "@/contracts/runs";

const PHASES: { id: RunPhase; label: string }[] = [
  { id: "preflight", label: "Preflight" },
  { id: "schema", label: "Schema" },
  { id: "data", label: "Data and keys" },
  { id: "post-data", label: "Foreign keys" },
  { id: "verify", label: "Verify" },
  { id: "report", label: "Report" },
];

const ON_REQUEST: RunPhase[] = ["verify", "report"];

/** `unverified`: the run succeeded without verification (its migration verifies on request). */
export function PhaseStepper({
  phase,
  status,
  unverified = false,
}: {
  phase: RunPhase;
  status: RunStatus;
  unverified?: boolean;
}) {
  const order = PHASES.map((p) => p.id);
  const current = phase === "done" ? order.length : order.indexOf(phase);
  return (
    <ol className="flex flex-wrap items-center gap-1 text-xs" aria-label="Run phases">
      {PHASES.map((p, i) => {
        const skipped = unverified && ON_REQUEST.includes(p.id);
        const done = !skipped && (i < current || (phase === "done" && status === "succeeded"));
        const active = i === current && !["failed", "cancelled"].includes(status);
        const broken = i === current && status === "failed";
        return (
          <li key={p.id} className="flex items-center gap-1">
            <span
              className={`rounded-full px-2.5 py-1 font-medium ${broken ? "bg-red-100 text-red-800" : active ? "bg-blue-100 text-blue-800" : done ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-500"}`}
            >
              {done ? "✓ " : ""}
              {p.label}
              {skipped ? " · on request" : ""}
            </span>
            {i < PHASES.length - 1 && <span className="text-slate-300">›</span>}
          </li>
        );
      })}
    </ol>
  );
}
