import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RunEvent, RunSnapshot } from "@/contracts/runs";
import { ApiClient, CliError } from "./api-client";
import { followRun } from "./follow-run";

const RUN_ID = "6a9e5cff-94bd-4076-be2a-70e0899eec3f";
const snapshot: RunSnapshot = {
  id: RUN_ID,
  migrationId: "0b8c41df-bced-4b7d-86d8-3a2cf5e2cd1a",
  migrationName: "shop",
  status: "running",
  phase: "data",
  error: null,
  createdAt: "2026-12-04T10:00:00.000Z",
  startedAt: "2026-12-04T10:00:00.100Z",
  finishedAt: null,
  tables: [],
  log: [],
  verified: null,
  step: null,
  rollback: null,
  eventCursor: "1-0",
};
const status = (s: "running" | "succeeded", phase: "data" | "done"): RunEvent => ({
  type: "run.status",
  status: s,
  phase,
  error: null,
  at: "2026-12-04T10:00:05.000Z",
});
const sse = (id: string, event: RunEvent) => `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;

let server: http.Server | null = null;

/** A Ferry stand-in for the wire protocol only: the run's snapshot, then whatever `events` does per connection. */
async function serve(
  events: (req: http.IncomingMessage, res: http.ServerResponse, connection: number) => void,
): Promise<{ api: ApiClient; requests: http.IncomingHttpHeaders[] }> {
  const requests: http.IncomingHttpHeaders[] = [];
  server = http.createServer((req, res) => {
    if (req.url === `/api/runs/${RUN_ID}`) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(snapshot));
      return;
    }
    requests.push(req.headers);
    events(req, res, requests.length);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { api: ApiClient.withToken(`http://127.0.0.1:${port}`, "ferry_test"), requests };
}

afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = null;
});

describe("followRun", () => {
  it("reopens a dropped event stream from the last event it delivered and ends at the run's final status", async () => {
    const { api, requests } = await serve((_req, res, connection) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("retry: 50\n\n");
      if (connection === 1) {
        res.write(sse("2-0", status("running", "data")));
        setTimeout(() => res.socket?.destroy(), 20); // the connection drops mid-run
      } else res.write(sse("3-0", status("succeeded", "done")));
    });
    const seen: string[] = [];
    const final = await followRun(api, RUN_ID, (run) => seen.push(run.status));
    expect(final.status).toBe("succeeded");
    expect(seen).toEqual(["running", "running", "succeeded"]);
    expect(requests).toHaveLength(2);
    expect(requests[0]!["last-event-id"]).toBeUndefined();
    expect(requests[1]!["last-event-id"]).toBe("2-0");
    expect(requests[1]!.authorization).toBe("Bearer ferry_test");
  });

  it("stops with the server's reason when the stream is refused", async () => {
    const { api, requests } = await serve((_req, res) => {
      res
        .writeHead(401, { "content-type": "application/problem+json" })
        .end(JSON.stringify({ code: "unauthenticated", detail: "Sign in again." }));
    });
    const following = followRun(api, RUN_ID, () => undefined);
    await expect(following).rejects.toBeInstanceOf(CliError);
    await expect(following).rejects.toThrow(
      `Following run ${RUN_ID} stopped: GET /api/runs/${RUN_ID}/events`,
    );
    await expect(following).rejects.toThrow("Sign in again.");
    expect(requests).toHaveLength(1);
  });
});
