import { UpdateMigrationInput } from "@/contracts/migrations";
import { ALL_ROLES, OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";
import { getMigration } from "@/server/migrations/manage-migrations";
import { updateMigration } from "@/server/migrations/update-migration";

type P = { migrationId: string };

export const GET = withRole<P>(ALL_ROLES, async ({ params }) =>
  Response.json(await getMigration(idParam(params.migrationId, "Migration"))),
);

// PATCH changes the plan; an approval of the old plan no longer counts.
export const PATCH = withRole<P>(OPERATORS, async ({ req, params, actor }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  const input = UpdateMigrationInput.parse(await readJson(req));
  return Response.json(await updateMigration({ actor, migrationId, input }));
});
