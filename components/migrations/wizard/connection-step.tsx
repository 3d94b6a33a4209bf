import type { ConnectionView } from "@/contracts/connections";
import { EmptyState } from "@/components/ui/messages";

/** Pick one connection; the list is already filtered to what may serve in this role. */
export function ConnectionStep({
  connections,
  selected,
  onSelect,
  emptyHint,
}: {
  connections: ConnectionView[];
  selected: string | null;
  onSelect: (id: string) => void;
  emptyHint: string;
}) {
  if (connections.length === 0) return <EmptyState title="No suitable connection">{emptyHint}</EmptyState>;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {connections.map((c) => (
        <label
          key={c.id}
          className={`flex cursor-pointer items-start gap-3 rounded-lg border p-4 ${selected === c.id ? "border-teal-600 bg-teal-50/50 ring-1 ring-teal-600" : "border-slate-200 bg-white hover:border-slate-300"}`}
        >
          <input
            type="radio"
            name="connection"
            className="mt-1"
            checked={selected === c.id}
            onChange={() => onSelect(c.id)}
            aria-label={c.name}
          />
          <span>
            <span className="block font-medium text-slate-900">{c.name}</span>
            <span className="block font-mono text-xs text-slate-500">{c.summary}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
