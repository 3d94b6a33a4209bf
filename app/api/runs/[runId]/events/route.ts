import { ALL_ROLES } from "@/contracts/roles";
import { SSE_HEADERS } from "@/server/events/follow-stream";
import { openRunEventStream } from "@/server/events/run-event-stream";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getRunSnapshot } from "@/server/runs/get-run-snapshot";

export const dynamic = "force-dynamic"; // a live stream is never cached or prerendered

// GET /api/runs/:runId/events?after=<cursor>: SSE; the browser resends Last-Event-ID on reconnect.
export const GET = withRole<{ runId: string }>(ALL_ROLES, async ({ req, params }) => {
  const runId = idParam(params.runId, "Run");
  await getRunSnapshot(runId); // 404 for an unknown run
  const after = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "0";
  return new Response(await openRunEventStream({ runId, after, signal: req.signal }), {
    headers: SSE_HEADERS,
  });
});
