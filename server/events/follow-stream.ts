import type * as z from "zod";
import { createRedis, sharedRedis } from "@/server/queue/redis";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

/**
 * Follows a Redis stream from `after` as Server-Sent Events, one `data:` per entry that parses; the SSE id is
 * the stream id, so the browser's Last-Event-ID resumes where a dropped connection left off. Without a
 * cursor it starts after the newest entry: nothing old is replayed.
 */
export async function followStream<S extends z.ZodType>(opts: {
  key: string;
  after: string;
  schema: S;
  signal: AbortSignal;
  /** Extra SSE text sent right after an event, e.g. a named `end` event after a run's final status. */
  afterEach?: (event: z.infer<S>) => string | undefined;
}): Promise<ReadableStream<Uint8Array>> {
  // "Now" is resolved to the newest id before the response starts, so an event published between the
  // browser's reaction to the open stream (a refetch) and the first XREAD is not lost.
  let cursor = /^\d+(-\d+)?$/.test(opts.after)
    ? opts.after
    : ((await sharedRedis().xrevrange(opts.key, "+", "-", "COUNT", 1))[0]?.[0] ?? "0");
  const redis = createRedis(); // XREAD BLOCK holds its connection: one per open stream
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
        .xread("COUNT", 200, "BLOCK", HEARTBEAT_MS, "STREAMS", opts.key, cursor)
        .catch(() => null);
      if (closed) return controller.close();
      if (!reply) return controller.enqueue(encoder.encode(": heartbeat\n\n"));
      for (const [, entries] of reply) {
        for (const [id, fields] of entries) {
          cursor = id;
          const parsed = opts.schema.safeParse(JSON.parse(fields[1] ?? "null"));
          if (!parsed.success) continue;
          controller.enqueue(encoder.encode(`id: ${id}\ndata: ${JSON.stringify(parsed.data)}\n\n`));
          const extra = opts.afterEach?.(parsed.data);
          if (extra) controller.enqueue(encoder.encode(extra));
        }
      }
    },
    cancel: close,
  });
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};
