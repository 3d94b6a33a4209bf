import { ALL_ROLES } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getMigration } from "@/server/migrations/manage-migrations";

export const GET = withRole<{ migrationId: string }>(ALL_ROLES, async ({ params }) =>
  Response.json(await getMigration(idParam(params.migrationId, "Migration"))),
);
