import * as z from "zod";
import { ALL_ROLES } from "@/contracts/roles";
import { revokeApiToken } from "@/server/auth/api-tokens";
import { withRole } from "@/server/http/with-role";

export const DELETE = withRole<{ tokenId: string }>(
  ALL_ROLES,
  async ({ params, actor }) => Response.json(await revokeApiToken(actor, z.uuid().parse(params.tokenId))),
  { sessionOnly: true },
);
