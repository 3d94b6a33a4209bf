import { OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { dryRun } from "@/server/migrations/dry-run";

// POST: it reads both databases at length, though it writes to neither.
export const POST = withRole<{ migrationId: string }>(OPERATORS, async ({ params }) =>
  Response.json(await dryRun(idParam(params.migrationId, "Migration"))),
);
