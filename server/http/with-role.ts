import "server-only";
import { ZodError } from "zod";
import type { Role, SessionUser } from "@/contracts/roles";
import { userForApiToken } from "@/server/auth/api-tokens";
import { SESSION_COOKIE, userForSession } from "@/server/auth/sessions";
import { DomainError } from "@/server/errors";
import { logger } from "@/server/log/logger";
import { problem, zodProblem } from "./problem";
import { isCrossSite } from "./same-origin";

type Handler<P> = (ctx: { req: Request; params: P; actor: SessionUser }) => Promise<Response>;

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function handleErrors(err: unknown): Response {
  if (err instanceof ZodError) return zodProblem(err);
  if (err instanceof DomainError) return problem(err.status, err.code, err.message);
  if (err instanceof SyntaxError) return problem(400, "invalid_json", "The request body is not valid JSON.");
  logger.error({ err }, "unexpected error in route");
  return problem(500, "internal_error", "Ferry hit an unexpected error. The details are in the server log.");
}

function readBearer(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  return m?.[1];
}

/**
 * The one gate every route handler goes through: who, may they, and errors mapped to HTTP. The caller is
 * the session cookie's user or, from scripts, an API token's (`Authorization: Bearer ferry_…`), unless the
 * route is `sessionOnly` (managing the tokens themselves: a leaked token must not mint more).
 */
export function withRole<P = Record<string, string>>(
  roles: readonly Role[],
  handler: Handler<P>,
  { sessionOnly = false }: { sessionOnly?: boolean } = {},
) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      if (isCrossSite(req)) return crossSiteProblem();
      const bearer = readBearer(req);
      if (bearer && sessionOnly)
        return problem(
          403,
          "session_required",
          "Manage API tokens from Ferry's pages, signed in, not with a token.",
        );
      const actor = bearer
        ? await userForApiToken(bearer)
        : await userForSession(readCookie(req, SESSION_COOKIE));
      if (!actor)
        return bearer
          ? problem(
              401,
              "invalid_token",
              "This API token is unknown, revoked or expired. Create a new one under API tokens.",
            )
          : problem(401, "unauthenticated", "Sign in first.");
      if (!roles.includes(actor.role))
        return problem(
          403,
          "forbidden",
          `Your role (${actor.role}) may not do this. Ask an admin if you need it.`,
        );
      return await handler({ req, params: await ctx.params, actor });
    } catch (err) {
      return handleErrors(err);
    }
  };
}

const crossSiteProblem = () =>
  problem(403, "cross_site", "Cross-site requests are refused: send it from Ferry's own pages.");

/** For the routes anyone may call (login, health): the same Origin check and error mapping, no session. */
export function publicRoute(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      if (isCrossSite(req)) return crossSiteProblem();
      return await handler(req);
    } catch (err) {
      return handleErrors(err);
    }
  };
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  return text.length === 0 ? {} : JSON.parse(text);
}
