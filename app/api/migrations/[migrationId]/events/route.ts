import { MigrationEvent } from "@/contracts/migration-events";
import { ALL_ROLES } from "@/contracts/roles";
import { followStream, SSE_HEADERS } from "@/server/events/follow-stream";
import { migrationEventsKey } from "@/server/events/migration-events";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getMigration } from "@/server/migrations/manage-migrations";

export const dynamic = "force-dynamic"; // a live stream is never cached or prerendered

// GET /api/migrations/:id/events: SSE of what changed (checklist, preflight, runs); from now, or Last-Event-ID.
export const GET = withRole<{ migrationId: string }>(ALL_ROLES, async ({ req, params }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  await getMigration(migrationId); // 404 for an unknown migration
  const after = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "";
  const key = migrationEventsKey(migrationId);
  return new Response(await followStream({ key, after, schema: MigrationEvent, signal: req.signal }), {
    headers: SSE_HEADERS,
  });
});
