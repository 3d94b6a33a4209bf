import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { closeRunFences, withRunFence } from "@/server/runs/run-fence";
import { env } from "@/server/config/env";
import { withClient } from "../setup/databases";

afterAll(() => closeRunFences());

const fenceBackends = () =>
  withClient(env().DATABASE_URL, async (c) =>
    (
      await c.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'ferry-run-fence' ORDER BY pid",
      )
    ).rows.map((r) => r.pid),
  );

describe("run fence", () => {
  it("lets one execution of a run in at a time, and the next run reuses the session the last one left", async () => {
    const runId = randomUUID();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = withRunFence(runId, async () => {
      order.push("first in");
      await new Promise<void>((r) => (releaseFirst = r));
      order.push("first out");
    });
    await sleep(100);
    const second = withRunFence(runId, async () => order.push("second in"));
    await sleep(300);
    expect(order).toEqual(["first in"]); // the second waits for the lock
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["first in", "first out", "second in"]);

    const before = await fenceBackends();
    await withRunFence(randomUUID(), async () => undefined);
    await withRunFence(runId, async () => undefined); // the run's lock was let go, not kept by a pooled session
    expect(await fenceBackends()).toEqual(before);
  });
});
