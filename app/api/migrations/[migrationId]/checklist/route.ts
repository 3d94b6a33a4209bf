import { ALL_ROLES } from "@/contracts/roles";
import { getChecklist } from "@/server/checklists/get-checklist";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";

export const GET = withRole<{ migrationId: string }>(ALL_ROLES, async ({ params }) =>
  Response.json(await getChecklist(idParam(params.migrationId, "Migration"))),
);
