/**
 * The run's ANALYZE statements, as filler work beside the builds and FKs the run's end waits for: at most
 * `lanes()` statements at a time, each taking its tables only once it has a session, so tables that become
 * ready meanwhile join it. A statement takes the largest waiting table of more than a few rows alone (the last
 * big table to finish holds up the run's end, and one statement per big table lets them go side by side), else
 * every small table waiting (one round trip for all of them).
 */
export class AnalyzeLanes {
  private readonly waiting: string[] = [];
  private readonly statements: Promise<void>[] = [];
  private running = 0;
  /** Statements started that have not taken their tables yet. */
  private takers = 0;

  constructor(
    private readonly opts: {
      lanes: () => number;
      isSmall: (key: string) => boolean;
      rows: (key: string) => number;
      /** Runs `take()` once it holds a session, then ANALYZE of the tables it returned (none: nothing). */
      analyze: (take: () => string[]) => Promise<void>;
    },
  ) {}

  add(key: string): void {
    this.waiting.push(key);
    this.start();
  }

  /** Starts statements while tables wait and lanes are free (call again when `lanes()` grows). */
  start(): void {
    while (this.waiting.length > this.takers && this.running < this.opts.lanes()) {
      this.running++;
      this.takers++;
      this.statements.push(
        this.opts
          .analyze(() => {
            this.takers--;
            return this.take();
          })
          .catch(() => undefined)
          .finally(() => {
            this.running--;
            this.start();
          }),
      );
    }
  }

  /** Every statement started, and those they started in turn, ended. */
  async drained(): Promise<void> {
    while (this.statements.length) await Promise.all(this.statements.splice(0));
  }

  private take(): string[] {
    const big = this.waiting.filter((k) => !this.opts.isSmall(k));
    if (!big.length) return this.waiting.splice(0);
    const largest = big.reduce((a, b) => (this.opts.rows(b) > this.opts.rows(a) ? b : a));
    return this.waiting.splice(this.waiting.indexOf(largest), 1);
  }
}
