import type { TableStatus } from "@/contracts/runs";
import type { RunRecorder } from "./run-recorder";

type Patch = { status: TableStatus; rowsDone?: number; error?: string | null };

const FLUSH_MS = 100;

/**
 * Tables' states gathered for a moment and written together (RunRecorder.tablesAtOnce): a schema of many small
 * tables settles hundreds of them a second, each a status write and an event otherwise. A table's latest
 * state wins within a batch; `flush` writes what is pending and waits for it.
 */
export class TableStateBatch {
  private pending = new Map<string, Patch>();
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private failed: Error | null = null;

  constructor(private readonly rec: Pick<RunRecorder, "tablesAtOnce">) {}

  set(name: string, patch: Patch): void {
    this.pending.set(name, { ...this.pending.get(name), ...patch });
    this.timer ??= setTimeout(() => void this.flush().catch((err: Error) => (this.failed ??= err)), FLUSH_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    // Batches land in order: a later state never lands before an earlier one.
    this.writing = this.writing.catch(() => undefined).then(() => this.rec.tablesAtOnce(batch));
    await this.writing;
    // A batch the timer wrote and lost fails the next flush, as its own write would have failed its caller.
    if (this.failed) throw this.failed;
  }
}
