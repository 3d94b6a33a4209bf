import { RunEvent, TERMINAL_STATUSES } from "@/contracts/runs";
import { createRedis } from "@/server/queue/redis";
import { runEventsKey } from "./run-events";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

/**
 * Follows a run's Redis stream from `after` as Server-Sent Events. Each SSE id is the stream id,
 * so the browser's Last-Event-ID resumes exactly where a dropped connection left off.
 */
export function openRunEventStream(opts: {
  runId: string;
  after: string;
  signal: AbortSignal;
}): ReadableStream<Uint8Array> {
  const redis = createRedis(); // XREAD BLOCK holds its connection: one per open stream
  let cursor = /^\d+(-\d+)?$/.test(opts.after) ? opts.after : "0";
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    redis.disconnect(); // not quit(): a pending BLOCK must end now
  };
  opts.signal.addEventListener("abort", close, { once: true });

  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
    },
    async pull(controller) {
      if (closed) return controller.close();
      const reply = await redis
        .xread("COUNT", 200, "BLOCK", HEARTBEAT_MS, "STREAMS", runEventsKey(opts.runId), cursor)
        .catch(() => null);
      if (closed) return controller.close();
      if (!reply) return controller.enqueue(encoder.encode(": heartbeat\n\n"));
      for (const [, entries] of reply) {
        for (const [id, fields] of entries) {
          cursor = id;
          const parsed = RunEvent.safeParse(JSON.parse(fields[1] ?? "null"));
          if (!parsed.success) continue;
          controller.enqueue(encoder.encode(`id: ${id}\ndata: ${JSON.stringify(parsed.data)}\n\n`));
          if (parsed.data.type === "run.status" && TERMINAL_STATUSES.includes(parsed.data.status)) {
            controller.enqueue(encoder.encode("event: end\ndata: {}\n\n"));
          }
        }
      }
    },
    cancel: close,
  });
}
