import { ALL_ROLES } from "@/contracts/roles";
import { listSourceTables } from "@/server/connections/test-connection";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";

export const GET = withRole<{ connectionId: string }>(ALL_ROLES, async ({ params }) =>
  Response.json(await listSourceTables(idParam(params.connectionId, "Connection"))),
);
