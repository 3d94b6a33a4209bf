import type { RunStep } from "@/contracts/runs";

const count = (n: number) => Math.round(n).toLocaleString("en");

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The verify phase as a run step: rows compared of all, with the rate so far and the time left at it. */
export function verifyStep(done: number, total: number, elapsedMs: number): RunStep {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 && done > 0 ? done / seconds : null;
  const left = Math.max(0, total - done);
  return {
    label: `Verifying: ${count(done)} of ${count(total)} rows`,
    detail:
      rate === null ? null : `${count(rate)} rows/s${left ? `, about ${duration(left / rate)} left` : ""}`,
    done: Math.min(done, total),
    total,
  };
}

/** Sums the tables' absolute row counts (tables verify in parallel) and reports the whole. */
export class VerifyProgress {
  private readonly done = new Map<string, number>();
  private readonly started = performance.now();

  constructor(
    private readonly total: number,
    private readonly report: (step: RunStep, force: boolean) => Promise<void>,
  ) {}

  private sum = 0;
  private reported = false;
  private reachedTotal = false;

  /** Throttled by the run's step writes, except the first report and the one that reaches the total. */
  rows(table: string, rows: number): void {
    this.sum += rows - (this.done.get(table) ?? 0);
    this.done.set(table, rows);
    const reaches = !this.reachedTotal && this.sum >= this.total;
    const force = !this.reported || reaches;
    this.reported = true;
    this.reachedTotal ||= reaches;
    void this.report(
      verifyStep(this.sum, Math.max(this.total, this.sum), performance.now() - this.started),
      force,
    ).catch(() => undefined);
  }
}
