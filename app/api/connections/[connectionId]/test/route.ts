import { OPERATORS } from "@/contracts/roles";
import { testConnection } from "@/server/connections/test-connection";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";

export const POST = withRole<{ connectionId: string }>(OPERATORS, async ({ params, actor }) =>
  Response.json(await testConnection({ actor, id: idParam(params.connectionId, "Connection") })),
);
