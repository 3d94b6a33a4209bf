import { runRate, runTotals, type RunSnapshot } from "@/contracts/runs";
import { formatCount, formatDuration, formatRate } from "@/contracts/format";

/** One line of a run's progress for a terminal: phase, rows, share, rate and time left. */
export function progressLine(run: RunSnapshot, now: number): string {
  const { rowsDone, rowsTotal, fraction } = runTotals(run);
  const { rowsPerSecond, etaSeconds } = runRate(run, now);
  const parts = [run.phase.padEnd(9), `${formatCount(rowsDone)} / ${formatCount(rowsTotal)} rows`];
  if (rowsTotal > 0) parts.push(`${(fraction * 100).toFixed(1)}%`);
  if (run.phase === "data") parts.push(formatRate(rowsPerSecond), `ETA ${formatDuration(etaSeconds)}`);
  if (run.step)
    parts.push(`${run.step.label}${run.step.total ? ` (${run.step.done}/${run.step.total})` : ""}`);
  return parts.join("  ");
}

/** The closing line: how the run ended and whether it was verified. */
export function outcomeLine(run: RunSnapshot): string {
  const seconds =
    run.startedAt && run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : null;
  const took = seconds === null ? "" : ` in ${seconds.toFixed(1)} s`;
  const verified =
    run.verified === null
      ? run.status === "succeeded"
        ? "not verified (verify it from its page when ready)"
        : "not verified"
      : run.verified
        ? "verified: every table matches"
        : "verification found differences";
  return `Run ${run.id} ${run.status}${took}; ${verified}.${run.error ? ` ${run.error}` : ""}`;
}
