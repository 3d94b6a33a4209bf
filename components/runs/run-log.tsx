import type { RunLogLine } from "@/contracts/runs";

const tone = { info: "text-slate-700", warn: "text-amber-800", error: "text-red-700" };

export function RunLog({ lines }: { lines: RunLogLine[] }) {
  if (lines.length === 0) return <p className="text-sm text-slate-500">Nothing logged yet.</p>;
  return (
    <ol className="space-y-1.5 text-sm" data-testid="run-log">
      {lines.map((l) => (
        <li key={`${l.at}${l.message}`} className="flex gap-3">
          <time className="shrink-0 font-mono text-xs leading-5 text-slate-400">
            {new Date(l.at).toLocaleTimeString("en-GB")}
          </time>
          <span className={tone[l.level]}>{l.message}</span>
        </li>
      ))}
    </ol>
  );
}
