import "server-only";
import { ZodError } from "zod";
import type { Role, SessionUser } from "@/contracts/roles";
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

/** The one gate every route handler goes through: who, may they, and errors mapped to HTTP. */
export function withRole<P = Record<string, string>>(roles: readonly Role[], handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      if (isCrossSite(req)) return crossSiteProblem();
      const actor = await userForSession(readCookie(req, SESSION_COOKIE));
      if (!actor) return problem(401, "unauthenticated", "Sign in first.");
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
