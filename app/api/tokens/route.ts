import { CreateApiTokenInput } from "@/contracts/api-tokens";
import { ALL_ROLES } from "@/contracts/roles";
import { createApiToken, listApiTokens } from "@/server/auth/api-tokens";
import { readJson, withRole } from "@/server/http/with-role";

export const GET = withRole(ALL_ROLES, async ({ actor }) => Response.json(await listApiTokens(actor)), {
  sessionOnly: true,
});

export const POST = withRole(
  ALL_ROLES,
  async ({ req, actor }) => {
    const input = CreateApiTokenInput.parse(await readJson(req));
    return Response.json(await createApiToken(actor, input), { status: 201 });
  },
  { sessionOnly: true },
);
