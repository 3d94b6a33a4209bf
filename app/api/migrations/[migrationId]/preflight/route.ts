import { ALL_ROLES, OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getLatestPreflight, startPreflight } from "@/server/preflight/start-preflight";

type P = { migrationId: string };

export const GET = withRole<P>(ALL_ROLES, async ({ params }) =>
  Response.json(await getLatestPreflight(idParam(params.migrationId, "Migration"))),
);

// 202: the checks run in a worker; GET returns the report, status "finished" when they are done.
export const POST = withRole<P>(OPERATORS, async ({ params, actor }) =>
  Response.json(await startPreflight({ actor, migrationId: idParam(params.migrationId, "Migration") }), {
    status: 202,
  }),
);
