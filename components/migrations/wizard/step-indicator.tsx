export function StepIndicator({ steps, current }: { steps: string[]; current: number }) {
  return (
    <ol className="mb-6 flex flex-wrap gap-2 text-sm">
      {steps.map((s, i) => (
        <li
          key={s}
          className={`flex items-center gap-2 rounded-full px-3 py-1 ${i === current ? "bg-teal-700 text-white" : i < current ? "bg-teal-50 text-teal-800" : "bg-slate-100 text-slate-500"}`}
        >
          <span className="tabular-nums">{i + 1}</span> {s}
        </li>
      ))}
    </ol>
  );
}
