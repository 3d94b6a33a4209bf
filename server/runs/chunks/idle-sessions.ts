import type pg from "pg";

const IDLE_MS = 2_000;

type Idle = { client: pg.Client; timer: NodeJS.Timeout; forget: () => void };

/**
 * Sessions a chunk leaves behind for the next chunk of the same run attempt in this process: each new
 * connection costs a backend start (about 30 ms of CPU on a small server) and, on a cloud database, a TLS
 * handshake, and a table split into key ranges copies many chunks. A source session stays in its snapshot
 * transaction, a target session idles outside any. Unused for a while (IDLE_MS unless said), or gone bad, a
 * session is closed.
 */
export class IdleSessions {
  private readonly idle = new Map<string, Idle[]>();

  /** An idle session for `key`, now the caller's, or null. */
  take(key: string): pg.Client | null {
    const entry = this.idle.get(key)?.pop();
    if (!entry) return null;
    this.forget(key, entry);
    return entry.client;
  }

  /** Keeps a session that finished its work cleanly for the next taker of `key`, for `idleMs` at most. */
  give(key: string, client: pg.Client, idleMs = IDLE_MS): void {
    const entry: Idle = {
      client,
      timer: setTimeout(() => this.close(key, entry), idleMs).unref(),
      forget: () => this.close(key, entry),
    };
    client.once("error", entry.forget).once("end", entry.forget);
    this.idle.set(key, [...(this.idle.get(key) ?? []), entry]);
  }

  async closeAll(): Promise<void> {
    const all = [...this.idle].flatMap(([key, list]) => list.map((e) => [key, e] as const));
    await Promise.all(all.map(([key, e]) => this.close(key, e)));
  }

  get size(): number {
    return [...this.idle.values()].reduce((n, list) => n + list.length, 0);
  }

  private forget(key: string, entry: Idle): void {
    clearTimeout(entry.timer);
    entry.client.off("error", entry.forget).off("end", entry.forget);
    const rest = (this.idle.get(key) ?? []).filter((e) => e !== entry);
    if (rest.length) this.idle.set(key, rest);
    else this.idle.delete(key);
  }

  private async close(key: string, entry: Idle): Promise<void> {
    this.forget(key, entry);
    await entry.client.end().catch(() => undefined);
  }
}
