import { BoardEvent } from "@/contracts/migration-events";
import { ALL_ROLES } from "@/contracts/roles";
import { followStream, SSE_HEADERS } from "@/server/events/follow-stream";
import { boardEventsKey } from "@/server/events/migration-events";
import { withRole } from "@/server/http/with-role";

export const dynamic = "force-dynamic"; // a live stream is never cached or prerendered

// GET /api/board/events: SSE of every migration's events, for the board; from now, or Last-Event-ID.
export const GET = withRole(ALL_ROLES, async ({ req }) => {
  const after = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "";
  return new Response(
    await followStream({ key: boardEventsKey(), after, schema: BoardEvent, signal: req.signal }),
    {
      headers: SSE_HEADERS,
    },
  );
});
