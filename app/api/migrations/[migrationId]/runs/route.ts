import { ALL_ROLES, OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { listMigrationRuns } from "@/server/migrations/manage-migrations";
import { startRun } from "@/server/runs/start-run";

type P = { migrationId: string };

export const GET = withRole<P>(ALL_ROLES, async ({ params }) =>
  Response.json(await listMigrationRuns(idParam(params.migrationId, "Migration"))),
);

export const POST = withRole<P>(OPERATORS, async ({ params, actor }) =>
  Response.json(await startRun({ actor, migrationId: idParam(params.migrationId, "Migration") }), {
    status: 201,
  }),
);
