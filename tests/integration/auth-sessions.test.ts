import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Problem } from "@/contracts/problem";
import { POST as loginRoute } from "@/app/api/auth/login/route";
import { POST as logoutRoute } from "@/app/api/auth/logout/route";
import { GET as meRoute } from "@/app/api/auth/me/route";
import { ensureUser } from "@/server/auth/ensure-user";
import { env } from "@/server/config/env";
import { db } from "@/server/db/client";
import { sessions } from "@/server/db/schema";
import { sharedRedis } from "@/server/queue/redis";
import { call, signIn } from "../setup/api";

const tokenHashOf = (cookie: string) =>
  sql`encode(sha256(convert_to(${decodeURIComponent(cookie.split("=")[1]!)}, 'UTF8')), 'hex')`;

async function tryLogin(email: string, password: string, address?: string) {
  const res = await call(loginRoute, {
    method: "POST",
    json: { email, password },
    headers: address ? { "x-forwarded-for": address } : {},
  });
  return { status: res.status, body: res.status === 200 ? null : Problem.parse(await res.json()) };
}

describe("sessions", () => {
  it("logout ends the session on the server: the old cookie no longer works", async () => {
    const cookie = await signIn("lead", "logout-lead@ferry.test");
    expect((await call(meRoute, { cookie })).status).toBe(200);
    expect((await call(logoutRoute, { method: "POST", cookie })).status).toBe(204);
    expect((await call(meRoute, { cookie })).status).toBe(401);
    const [left] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, tokenHashOf(cookie)));
    expect(left).toBeUndefined();
  });

  it("ends a session left idle longer than FERRY_SESSION_IDLE_MINUTES", async () => {
    const cookie = await signIn("dba", "idle-dba@ferry.test");
    expect((await call(meRoute, { cookie })).status).toBe(200);
    const idleMs = env().FERRY_SESSION_IDLE_MINUTES * 60_000;
    await db()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - idleMs + 120_000) })
      .where(eq(sessions.tokenHash, tokenHashOf(cookie)));
    // Still inside the idle window: it works, and using it moves the window on.
    expect((await call(meRoute, { cookie })).status).toBe(200);
    const [row] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, tokenHashOf(cookie)));
    expect(Date.now() - row!.lastSeenAt.getTime()).toBeLessThan(10_000);
    await db()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - idleMs - 1_000) })
      .where(eq(sessions.tokenHash, tokenHashOf(cookie)));
    expect((await call(meRoute, { cookie })).status).toBe(401);
  });

  it("ends a busy session at its absolute end (FERRY_SESSION_HOURS after sign-in)", async () => {
    const cookie = await signIn("auditor", "absolute-auditor@ferry.test");
    await db()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1_000), lastSeenAt: new Date() })
      .where(eq(sessions.tokenHash, tokenHashOf(cookie)));
    expect((await call(meRoute, { cookie })).status).toBe(401);
  });
});

describe("sign-in lock-out", () => {
  it("locks an account after FERRY_LOGIN_MAX_FAILURES failures, says for how long, and refuses even the right password", async () => {
    const email = "locked-dba@ferry.test";
    await ensureUser({ email, name: "Locked", role: "dba", password: "the-right-password" });
    const max = env().FERRY_LOGIN_MAX_FAILURES;
    for (let i = 1; i < max; i++) expect((await tryLogin(email, `wrong-${i}`)).status).toBe(401);
    const last = await tryLogin(email, "wrong-last");
    expect(last.status).toBe(429);
    expect(last.body!.detail).toMatch(/locked for 15 more minute/);
    const right = await tryLogin(email, "the-right-password");
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ code: "login_locked" });

    // The lock lives in Redis for the lock time, counted from the failure that set it.
    const [key] = await sharedRedis().keys(`${env().FERRY_REDIS_PREFIX}:login-failures:account*${email}`);
    const ttl = await sharedRedis().pttl(key!);
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    // Other accounts are untouched; once the lock is gone the right password works and the count is reset.
    expect((await signIn("dba", "unlocked-dba@ferry.test")).length).toBeGreaterThan(10);
    await sharedRedis().del(key!);
    expect((await tryLogin(email, "the-right-password")).status).toBe(200);
  });

  it("answers an unknown account the same way, so the lock reveals nothing", async () => {
    const max = env().FERRY_LOGIN_MAX_FAILURES;
    const answers = [];
    for (let i = 0; i < max + 1; i++) answers.push(await tryLogin("nobody-here@ferry.test", "guess"));
    expect(answers.map((a) => a.status)).toEqual([...Array(max - 1).fill(401), 429, 429]);
  });

  it("locks a client address after FERRY_LOGIN_MAX_FAILURES_PER_IP failures across accounts", async () => {
    const email = "address-dba@ferry.test";
    await ensureUser({ email, name: "Addr", role: "dba", password: "address-right-password" });
    const address = "203.0.113.9";
    const max = env().FERRY_LOGIN_MAX_FAILURES_PER_IP;
    const statuses = [];
    // Spread over accounts, so no single account reaches its own limit.
    for (let i = 0; i < max; i++)
      statuses.push((await tryLogin(`spray-${i}@ferry.test`, "guess", address)).status);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await tryLogin(email, "address-right-password", `10.0.0.1, ${address}`);
    expect(blocked.status).toBe(429);
    expect(blocked.body!.detail).toMatch(/your address/);
    expect((await tryLogin(email, "address-right-password", "198.51.100.7")).status).toBe(200);
  });
});
