/** A running query as a source of rows that can be paused (tedious: Request's `row` events, pause/resume). */
export type RowSource = {
  start(onRow: (values: unknown[]) => void, onEnd: (err: Error | null) => void): void;
  pause(): void;
  resume(): void;
  cancel(): void;
};

/**
 * Batches of at most about `batchRows` rows with backpressure: the query is paused as soon as a batch is
 * full and resumed only when the consumer asks for the next one, so memory holds one batch (plus the rows
 * of the network packet being parsed). Leaving early cancels the query and waits for the server to stop.
 */
export async function* rowBatches(source: RowSource, batchRows: number): AsyncGenerator<unknown[][]> {
  let batch: unknown[][] = [];
  const full: unknown[][][] = [];
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitForNews = () => new Promise<void>((resolve) => (wake = resolve));

  source.start(
    (values) => {
      batch.push(values);
      if (batch.length >= batchRows) {
        full.push(batch);
        batch = [];
        source.pause();
        notify();
      }
    },
    (err) => {
      if (err) failure = err;
      else if (batch.length) full.push(batch);
      batch = [];
      ended = true;
      notify();
    },
  );

  try {
    for (;;) {
      const next = full.shift();
      if (next) {
        yield next;
        if (!full.length && !ended) source.resume();
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await waitForNews();
    }
  } finally {
    if (!ended) {
      source.cancel();
      while (!ended) await waitForNews();
    }
  }
}
