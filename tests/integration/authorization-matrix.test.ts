import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_ROLES, type Role } from "@/contracts/roles";
import { ensureUser } from "@/server/auth/ensure-user";
import { createSession, SESSION_COOKIE } from "@/server/auth/sessions";
import { call } from "../setup/api";

type Who = Role | "public";
const OPERATORS: Who[] = ["admin", "dba"];
const EVERYONE: Who[] = [...ALL_ROLES];
const APPROVERS: Who[] = ["admin", "lead"];
const AUDIT_READERS: Who[] = ["admin", "lead", "auditor"];

/**
 * Who may call each route. A route file or method that is missing here fails the test, so a new route
 * cannot ship without someone deciding who may call it.
 */
const MATRIX: Record<string, Who[]> = {
  "GET /api/audit": AUDIT_READERS,
  "POST /api/auth/login": ["public"],
  "POST /api/auth/logout": EVERYONE,
  "GET /api/auth/me": EVERYONE,
  "GET /api/board": EVERYONE,
  "GET /api/board/events": EVERYONE,
  "GET /api/connections": EVERYONE,
  "POST /api/connections": OPERATORS,
  "GET /api/connections/[connectionId]": EVERYONE,
  "PATCH /api/connections/[connectionId]": OPERATORS,
  "DELETE /api/connections/[connectionId]": OPERATORS,
  "GET /api/connections/[connectionId]/preview": OPERATORS,
  "GET /api/connections/[connectionId]/profile": EVERYONE,
  "GET /api/connections/[connectionId]/tables": EVERYONE,
  "POST /api/connections/[connectionId]/test": OPERATORS,
  "GET /api/health": ["public"],
  "GET /api/migrations": EVERYONE,
  "POST /api/migrations": OPERATORS,
  "GET /api/migrations/[migrationId]": EVERYONE,
  "PATCH /api/migrations/[migrationId]": OPERATORS,
  "POST /api/migrations/[migrationId]/approve": APPROVERS,
  "POST /api/migrations/[migrationId]/revoke": APPROVERS,
  "POST /api/migrations/[migrationId]/waivers": APPROVERS,
  "GET /api/migrations/[migrationId]/checklist": EVERYONE,
  "PUT /api/migrations/[migrationId]/checklist/template": OPERATORS,
  "PATCH /api/migrations/[migrationId]/checklist/items/[itemId]": OPERATORS,
  "POST /api/migrations/[migrationId]/dry-run": OPERATORS,
  "GET /api/migrations/[migrationId]/events": EVERYONE,
  "GET /api/migrations/[migrationId]/preflight": EVERYONE,
  "POST /api/migrations/[migrationId]/preflight": OPERATORS,
  "GET /api/migrations/[migrationId]/runs": EVERYONE,
  "POST /api/migrations/[migrationId]/runs": OPERATORS,
  "GET /api/reports": EVERYONE,
  "POST /api/reports/verify": EVERYONE,
  "GET /api/runs/[runId]": EVERYONE,
  "POST /api/runs/[runId]/cancel": OPERATORS,
  "POST /api/runs/[runId]/rollback": OPERATORS,
  "POST /api/runs/[runId]/verify": OPERATORS,
  "GET /api/runs/[runId]/events": EVERYONE,
  "GET /api/runs/[runId]/report": EVERYONE,
  "GET /api/runs/[runId]/report/signature": EVERYONE,
  "GET /api/signing-key": EVERYONE,
  "POST /api/signing-key/rotate": ["admin"],
  "GET /api/tokens": EVERYONE,
  "POST /api/tokens": EVERYONE,
  "DELETE /api/tokens/[tokenId]": EVERYONE,
  "POST /api/uploads": OPERATORS,
};

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { key: string; method: string; path: string; params: Record<string, string>; handler: Handler };

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? routeFiles(path.join(dir, e.name))
        : e.name === "route.ts"
          ? [path.join(dir, e.name)]
          : [],
    ),
  );
  return nested.flat();
}

/** Every exported method of every app/api/**\/route.ts, with the ids in its path filled by random UUIDs. */
async function discoverRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of (await routeFiles("app/api")).sort()) {
    const pattern = `/${path
      .dirname(file)
      .split(path.sep)
      .join("/")
      .replace(/^app\//, "")}`;
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    const params: Record<string, string> = {};
    const concrete = pattern.replace(/\[(\w+)\]/g, (_m, name: string) => (params[name] = randomUUID()));
    for (const method of METHODS)
      if (typeof mod[method] === "function")
        routes.push({
          key: `${method} ${pattern}`,
          method,
          path: concrete,
          params,
          handler: mod[method] as Handler,
        });
  }
  return routes;
}

const userIds = new Map<Role, string>();
/** A fresh session per request: logout ends the one it is given. */
const cookieFor = async (role: Role) =>
  `${SESSION_COOKIE}=${(await createSession(userIds.get(role)!)).token}`;

function send(route: Route, cookie: string | undefined, headers: Record<string, string> = {}) {
  const mutation = !["GET", "HEAD", "OPTIONS"].includes(route.method);
  return call(route.handler, {
    method: route.method,
    path: route.path,
    cookie,
    params: route.params,
    headers,
    json: mutation ? {} : undefined,
  });
}

let routes: Route[];

beforeAll(async () => {
  routes = await discoverRoutes();
  for (const role of ALL_ROLES)
    userIds.set(
      role,
      await ensureUser({
        email: `matrix-${role}@ferry.test`,
        name: role,
        role,
        password: `${role}-matrix-pass`,
      }),
    );
});

describe("authorization matrix", () => {
  it("has an entry for every route and method, and none for a route that is gone", () => {
    const found = routes.map((r) => r.key).sort();
    expect(found).toEqual(Object.keys(MATRIX).sort());
  });

  it("answers every route × every role and logged out as the matrix says", async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const allowed = MATRIX[route.key] ?? [];
      const isPublic = allowed.includes("public");
      const anon = await send(route, undefined);
      if (isPublic ? [401, 403].includes(anon.status) : anon.status !== 401)
        failures.push(`${route.key} logged out → ${anon.status}`);
      for (const role of ALL_ROLES) {
        const res = await send(route, await cookieFor(role));
        const may = isPublic || allowed.includes(role);
        // Allowed: anything but a refusal; the random ids make most answers 404 or 400, never a 5xx.
        const ok = may
          ? ![401, 403].includes(res.status) && (res.status < 500 || route.key === "GET /api/health")
          : res.status === 403 && (await res.clone().json()).code === "forbidden";
        if (!ok) failures.push(`${route.key} as ${role} → ${res.status} ${await res.text()}`);
        await res.body?.cancel().catch(() => undefined);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("cross-site mutations", () => {
  const mutations = () => routes.filter((r) => !["GET", "HEAD", "OPTIONS"].includes(r.method));

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["a sibling-subdomain Origin", { origin: "https://evil.ferry.test" }],
    ['Origin "null" (sandboxed frame)', { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
  ])("refuses %s on every non-GET route, before anything else", async (_what, headers) => {
    const failures: string[] = [];
    for (const route of mutations()) {
      const res = await send(route, await cookieFor("admin"), headers);
      const body = (await res.json()) as { code: string };
      if (res.status !== 403 || body.code !== "cross_site") failures.push(`${route.key} → ${res.status}`);
    }
    expect(mutations().length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  it("lets our own Origin through, and a mutation without Origin (curl, scripts: not a browser)", async () => {
    const failures: string[] = [];
    for (const route of mutations())
      for (const headers of [
        { origin: "http://ferry.test", "sec-fetch-site": "same-origin" },
        {} as Record<string, string>,
      ]) {
        const res = await send(route, await cookieFor("admin"), headers);
        if ([401, 403].includes(res.status))
          failures.push(`${route.key} ${JSON.stringify(headers)} → ${res.status}`);
        await res.body?.cancel().catch(() => undefined);
      }
    expect(failures).toEqual([]);
  });

  it("leaves GETs alone whatever the Origin (reads change nothing)", async () => {
    const me = routes.find((r) => r.key === "GET /api/auth/me")!;
    const res = await send(me, await cookieFor("auditor"), { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(200);
  });
});
