import { ALL_ROLES } from "@/contracts/roles";
import { withRole } from "@/server/http/with-role";

export const GET = withRole(ALL_ROLES, async ({ actor }) => Response.json(actor));
