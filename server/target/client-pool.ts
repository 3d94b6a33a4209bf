import pLimit from "p-limit";
import type pg from "pg";

/** Hands each task its own target connection; at most one task per connection at a time. */
export class ClientPool {
  private readonly free: pg.Client[];
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(readonly clients: pg.Client[]) {
    this.free = [...clients];
    this.limit = pLimit(clients.length);
  }

  get size(): number {
    return this.clients.length;
  }

  run<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.limit(async () => {
      const client = this.free.pop()!;
      try {
        return await task(client);
      } finally {
        this.free.push(client);
      }
    });
  }
}
