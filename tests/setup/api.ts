import type { Role } from "@/contracts/roles";
import { ensureUser } from "@/server/auth/ensure-user";
import { POST as loginRoute } from "@/app/api/auth/login/route";

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

const BASE = "http://ferry.test";

/** Calls a route handler exactly as Next would, with a session cookie. */
export async function call<P = Record<string, string>>(
  handler: Handler<P>,
  opts: {
    method?: string;
    path?: string;
    cookie?: string;
    json?: unknown;
    body?: BodyInit;
    headers?: Record<string, string>;
    params?: P;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { host: "ferry.test", ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const req = new Request(`${BASE}${opts.path ?? "/"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body,
    duplex: "half",
  } as RequestInit);
  return handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
}

/** Creates the user if needed and returns a session cookie for it. */
export async function signIn(role: Role, email = `${role}@ferry.test`): Promise<string> {
  const password = `${role}-password-123`;
  await ensureUser({ email, name: role, role, password });
  const res = await call(loginRoute as Handler<Record<string, string>>, {
    method: "POST",
    json: { email, password },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}
