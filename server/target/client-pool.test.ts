import type pg from "pg";
import { describe, expect, it } from "vitest";
import { ClientPool } from "./client-pool";

type Fake = pg.Client & { name: string; ended: boolean };

function fakeClient(name: string): Fake {
  const client = { name, ended: false, end: async () => void (client.ended = true) };
  return client as unknown as Fake;
}

describe("ClientPool", () => {
  it("replaces a connection its task lost, in place, and keeps one that failed for another reason", async () => {
    const first = fakeClient("first");
    const clients: pg.Client[] = [first];
    const pool = new ClientPool(clients, async () => fakeClient("second"));
    await expect(
      pool.run(async () => {
        throw Object.assign(new Error("bad input"), { code: "22P02" });
      }),
    ).rejects.toThrow("bad input");
    expect(clients[0]).toBe(first);
    await expect(
      pool.run(async () => {
        throw Object.assign(new Error("terminating connection due to administrator command"), {
          code: "57P01",
        });
      }),
    ).rejects.toThrow("administrator command");
    expect(first.ended).toBe(true);
    expect((clients[0] as unknown as { name: string }).name).toBe("second");
    expect(await pool.run(async (c) => (c as unknown as { name: string }).name)).toBe("second");
  });

  it("gives a freed connection to the waiting task of highest priority, then to the oldest", async () => {
    const pool = new ClientPool([fakeClient("only")]);
    const order: string[] = [];
    let release!: () => void;
    const busy = pool.run(() => new Promise<void>((r) => (release = r)));
    const waiting = [
      pool.run(async () => void order.push("analyze"), { priority: -1 }),
      pool.run(async () => void order.push("index 1")),
      pool.run(async () => void order.push("index 2")),
    ];
    release();
    await Promise.all([busy, ...waiting]);
    expect(order).toEqual(["index 1", "index 2", "analyze"]);
  });

  it("grows by one connection that a waiting task takes at once, and that whoever closes the clients closes", async () => {
    const clients: pg.Client[] = [fakeClient("first")];
    const pool = new ClientPool(clients, async () => fakeClient("grown"));
    let release!: () => void;
    const busy = pool.run(() => new Promise<void>((r) => (release = r)));
    const waiting = pool.run(async (c) => (c as unknown as { name: string }).name);
    await pool.grow();
    // The first connection is still held: the waiting task can only have run on the new one.
    expect(await waiting).toBe("grown");
    expect(clients.map((c) => (c as unknown as { name: string }).name)).toEqual(["first", "grown"]);
    release();
    await busy;
  });

  it("stays as it was when the new connection cannot be opened", async () => {
    const clients: pg.Client[] = [fakeClient("only")];
    const pool = new ClientPool(clients, () => Promise.reject(new Error("too many connections")));
    await pool.grow();
    expect(pool.size).toBe(1);
    expect(await pool.run(async (c) => (c as unknown as { name: string }).name)).toBe("only");
  });
});
