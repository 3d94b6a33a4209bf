import { CreateMigrationInput } from "@/contracts/migrations";
import { ALL_ROLES, OPERATORS } from "@/contracts/roles";
import { readJson, withRole } from "@/server/http/with-role";
import { createMigration, listMigrations } from "@/server/migrations/manage-migrations";

export const GET = withRole(ALL_ROLES, async () => Response.json(await listMigrations()));

export const POST = withRole(OPERATORS, async ({ req, actor }) => {
  const input = CreateMigrationInput.parse(await readJson(req));
  return Response.json(await createMigration({ actor, input }), { status: 201 });
});
