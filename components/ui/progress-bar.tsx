export function ProgressBar({
  fraction,
  label,
  tone = "teal",
  size = "md",
  testId,
}: {
  fraction: number;
  label: string;
  tone?: "teal" | "red" | "green";
  size?: "sm" | "md";
  testId?: string;
}) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10;
  const fill = { teal: "bg-teal-600", red: "bg-red-500", green: "bg-emerald-600" }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid={testId}
      className={`w-full overflow-hidden rounded-full bg-slate-200 ${size === "md" ? "h-3" : "h-1.5"}`}
    >
      <div
        className={`h-full rounded-full transition-[width] duration-300 ${fill}`}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
