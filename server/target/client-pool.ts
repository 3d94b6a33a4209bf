import PQueue from "p-queue";
import type pg from "pg";
import { isTransientPgError } from "@/server/connectors/postgres/transient-error";

/**
 * Hands each task its own target connection; at most one task per connection at a time, and among waiting
 * tasks the one of highest `priority` first (then the oldest). With `reopen`, a
 * connection a task lost (terminated backend, dropped socket) is replaced by a new one, in place in
 * `clients`, so whoever closes `clients` at the end closes the replacement too.
 */
export class ClientPool {
  private readonly free: pg.Client[];
  private readonly queue: PQueue;

  constructor(
    readonly clients: pg.Client[],
    private readonly reopen?: () => Promise<pg.Client>,
  ) {
    this.free = [...clients];
    this.queue = new PQueue({ concurrency: clients.length });
  }

  get size(): number {
    return this.clients.length;
  }

  run<T>(task: (client: pg.Client) => Promise<T>, opts: { priority?: number } = {}): Promise<T> {
    return this.queue.add(async () => {
      let client = this.free.pop()!;
      try {
        return await task(client);
      } catch (err) {
        if (this.reopen && isTransientPgError(err)) client = await this.replace(client);
        throw err;
      } finally {
        this.free.push(client);
      }
    }, opts) as Promise<T>;
  }

  /**
   * One more connection (from `reopen`), for the tasks still to come: once every table's rows are in, the
   * largest table's index builds are most of what is left, and they run side by side only with a session each.
   * A connection that cannot be opened leaves the pool as it was.
   */
  async grow(): Promise<void> {
    if (!this.reopen) return;
    const client = await this.reopen().catch(() => null);
    if (!client) return;
    this.clients.push(client);
    this.free.push(client);
    this.queue.concurrency = this.clients.length;
  }

  private async replace(lost: pg.Client): Promise<pg.Client> {
    await lost.end().catch(() => undefined);
    const fresh = await this.reopen!();
    this.clients[this.clients.indexOf(lost)] = fresh;
    return fresh;
  }
}
