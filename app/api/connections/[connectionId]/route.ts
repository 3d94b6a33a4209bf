import { UpdateConnectionInput } from "@/contracts/connections";
import { ALL_ROLES, OPERATORS } from "@/contracts/roles";
import { deleteConnection, getConnection, updateConnection } from "@/server/connections/manage-connections";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";

type P = { connectionId: string };

export const GET = withRole<P>(ALL_ROLES, async ({ params }) =>
  Response.json(await getConnection(idParam(params.connectionId, "Connection"))),
);

export const PATCH = withRole<P>(OPERATORS, async ({ req, params, actor }) => {
  const id = idParam(params.connectionId, "Connection");
  return Response.json(
    await updateConnection({ actor, id, input: UpdateConnectionInput.parse(await readJson(req)) }),
  );
});

export const DELETE = withRole<P>(OPERATORS, async ({ params, actor }) => {
  await deleteConnection({ actor, id: idParam(params.connectionId, "Connection") });
  return new Response(null, { status: 204 });
});
