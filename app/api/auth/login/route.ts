import { LoginInput } from "@/contracts/roles";
import { login } from "@/server/auth/login";
import { handleErrors, readJson } from "@/server/http/with-role";
import { sessionCookie } from "@/server/http/session-cookie";

// POST /api/auth/login {email, password} → session cookie and the user.
export async function POST(req: Request): Promise<Response> {
  try {
    const { user, token, expiresAt } = await login(LoginInput.parse(await readJson(req)));
    return Response.json(user, { headers: { "set-cookie": sessionCookie(req, token, expiresAt) } });
  } catch (err) {
    return handleErrors(err);
  }
}
