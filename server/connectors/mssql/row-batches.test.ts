import { describe, expect, it } from "vitest";
import { rowBatches, type RowSource } from "./row-batches";

/** Behaves like a tedious Request: emits rows while not paused, a few per "packet", then ends. */
function fakeQuery(total: number, opts: { failAt?: number } = {}) {
  let next = 0;
  let paused = false;
  let cancelled = false;
  let maxBuffered = 0;
  let emittedSinceResume = 0;
  let onRow: (v: unknown[]) => void = () => undefined;
  let onEnd: (e: Error | null) => void = () => undefined;
  const pump = () =>
    setImmediate(() => {
      if (cancelled) return onEnd(Object.assign(new Error("Canceled."), { code: "ECANCEL" }));
      // A packet's rows arrive together, as the token parser delivers them.
      for (let i = 0; i < 3 && !paused && next < total; i++) {
        if (opts.failAt === next) return onEnd(new Error("Transaction was deadlocked"));
        onRow([next++]);
        emittedSinceResume++;
        maxBuffered = Math.max(maxBuffered, emittedSinceResume);
      }
      if (next >= total) return onEnd(null);
      if (!paused) pump();
    });
  const source: RowSource = {
    start(r, e) {
      onRow = r;
      onEnd = e;
      pump();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      emittedSinceResume = 0;
      pump();
    },
    cancel() {
      cancelled = true;
      paused = false;
      pump();
    },
  };
  return { source, stats: () => ({ maxBuffered, cancelled, next }) };
}

describe("rowBatches", () => {
  it("yields every row once, in order, in batches, and pauses the query while a batch waits", async () => {
    const q = fakeQuery(1000);
    const seen: number[] = [];
    let batches = 0;
    for await (const b of rowBatches(q.source, 100)) {
      batches++;
      expect(b.length).toBeLessThanOrEqual(100);
      seen.push(...b.map((r) => r[0] as number));
      await new Promise((r) => setTimeout(r, 1)); // a slow consumer (PostgreSQL's COPY)
    }
    expect(seen).toEqual([...Array(1000).keys()]);
    expect(batches).toBe(10);
    // Never more than one batch read ahead of the consumer.
    expect(q.stats().maxBuffered).toBeLessThanOrEqual(100);
  });

  it("passes a query error on after the rows before it", async () => {
    const q = fakeQuery(500, { failAt: 250 });
    const seen: number[] = [];
    await expect(async () => {
      for await (const b of rowBatches(q.source, 100)) seen.push(...b.map((r) => r[0] as number));
    }).rejects.toThrow(/deadlocked/);
    expect(seen.length).toBe(200);
  });

  it("cancels the query when the consumer stops early, and waits for it to stop", async () => {
    const q = fakeQuery(10_000);
    for await (const b of rowBatches(q.source, 50)) {
      expect(b[0]).toEqual([0]);
      break;
    }
    expect(q.stats().cancelled).toBe(true);
    expect(q.stats().next).toBeLessThan(200);
  });
});
