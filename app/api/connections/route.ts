import { CreateConnectionInput } from "@/contracts/connections";
import { ALL_ROLES, OPERATORS } from "@/contracts/roles";
import { createConnection, listConnections } from "@/server/connections/manage-connections";
import { readJson, withRole } from "@/server/http/with-role";

export const GET = withRole(ALL_ROLES, async () => Response.json(await listConnections()));

export const POST = withRole(OPERATORS, async ({ req, actor }) => {
  const input = CreateConnectionInput.parse(await readJson(req));
  return Response.json(await createConnection({ actor, input }), { status: 201 });
});
