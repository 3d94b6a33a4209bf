import { ALL_ROLES } from "@/contracts/roles";
import { deleteSession, SESSION_COOKIE } from "@/server/auth/sessions";
import { readCookie, withRole } from "@/server/http/with-role";
import { clearedSessionCookie } from "@/server/http/session-cookie";

export const POST = withRole(ALL_ROLES, async ({ req }) => {
  await deleteSession(readCookie(req, SESSION_COOKIE)!);
  return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie } });
});
