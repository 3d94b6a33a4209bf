import { LoginInput } from "@/contracts/roles";
import { login } from "@/server/auth/login";
import { clientAddress } from "@/server/http/client-address";
import { sessionCookie } from "@/server/http/session-cookie";
import { publicRoute, readJson } from "@/server/http/with-role";

// POST /api/auth/login {email, password} → session cookie and the user; 429 while locked out.
export const POST = publicRoute(async (req) => {
  const { user, token, expiresAt } = await login(LoginInput.parse(await readJson(req)), clientAddress(req));
  return Response.json(user, { headers: { "set-cookie": sessionCookie(req, token, expiresAt) } });
});
