import { RunEvent, TERMINAL_STATUSES } from "@/contracts/runs";
import { followStream } from "./follow-stream";
import { runEventsKey } from "./run-events";

/**
 * A run's events as Server-Sent Events from `after` ("0": from the run's start), ending with a named `end`
 * event once the run's final status is sent, so a page knows nothing more will come.
 */
export function openRunEventStream(opts: {
  runId: string;
  after: string;
  signal: AbortSignal;
}): Promise<ReadableStream<Uint8Array>> {
  return followStream({
    key: runEventsKey(opts.runId),
    after: /^\d+(-\d+)?$/.test(opts.after) ? opts.after : "0",
    schema: RunEvent,
    signal: opts.signal,
    afterEach: (e) =>
      e.type === "run.status" && TERMINAL_STATUSES.includes(e.status)
        ? "event: end\ndata: {}\n\n"
        : undefined,
  });
}
