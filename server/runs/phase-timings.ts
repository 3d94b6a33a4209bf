/** Seconds spent in each phase this execution ran, for the report's manifest. */
export class PhaseTimings {
  private last = performance.now();
  private readonly phases: { phase: string; seconds: number }[] = [];

  mark(phase: string): void {
    const now = performance.now();
    this.phases.push({ phase, seconds: Math.round(now - this.last) / 1000 });
    this.last = now;
  }

  list(): { phase: string; seconds: number }[] {
    return [...this.phases];
  }
}
