import { setTimeout as sleep } from "node:timers/promises";
import { createParser } from "eventsource-parser";
import { applyRunEvent, RunEvent, RunSnapshot, TERMINAL_STATUSES } from "@/contracts/runs";
import { CliError, FerryUnreachable, type ApiClient } from "./api-client";

/** How long to wait before reconnecting a dropped stream, until the server says otherwise (`retry:`). */
const RECONNECT_MS = 1_000;
/** Reconnects in a row that reach nothing before the CLI gives up; a stream that delivers resets the count. */
const MAX_FAILED_RECONNECTS = 30;

/**
 * Follows a run from its snapshot through its event stream until its final status, calling `onChange` after
 * every event. A dropped stream is reopened from the last event it delivered (Last-Event-ID), as a browser's
 * EventSource does; a refused one (signed out, the run gone) ends the command with the server's reason.
 */
export async function followRun(
  api: ApiClient,
  runId: string,
  onChange: (run: RunSnapshot, event: RunEvent | null) => void,
): Promise<RunSnapshot> {
  let run = RunSnapshot.parse(await api.json(`/api/runs/${runId}`));
  onChange(run, null);
  const path = `/api/runs/${runId}/events?after=${encodeURIComponent(run.eventCursor)}`;
  let lastEventId: string | null = null;
  let reconnectMs = RECONNECT_MS;
  let failed = 0;
  while (!TERMINAL_STATUSES.includes(run.status)) {
    let stream;
    try {
      stream = await api.events(path, lastEventId ? { "last-event-id": lastEventId } : {});
    } catch (err) {
      if (!(err instanceof FerryUnreachable) || ++failed > MAX_FAILED_RECONNECTS)
        throw new CliError(`Following run ${runId} stopped: ${(err as Error).message}`);
      await sleep(reconnectMs);
      continue;
    }
    failed = 0;
    const parser = createParser({
      onEvent: (e) => {
        if (e.id) lastEventId = e.id;
        if (e.event && e.event !== "message") return;
        const parsed = RunEvent.safeParse(JSON.parse(e.data));
        if (!parsed.success) return;
        run = applyRunEvent(run, parsed.data);
        onChange(run, parsed.data);
      },
      onRetry: (ms) => (reconnectMs = ms),
    });
    stream.setEncoding("utf8");
    try {
      for await (const chunk of stream) {
        parser.feed(chunk as string);
        if (TERMINAL_STATUSES.includes(run.status)) break;
      }
    } catch {
      // The connection dropped mid-stream: reopened below from the last event it delivered.
    } finally {
      stream.destroy();
    }
    if (!TERMINAL_STATUSES.includes(run.status)) await sleep(reconnectMs);
  }
  return run;
}
