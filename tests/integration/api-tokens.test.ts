import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiTokenView, CreatedApiToken } from "@/contracts/api-tokens";
import { GET as listMigrations } from "@/app/api/migrations/route";
import { POST as rotateKey } from "@/app/api/signing-key/rotate/route";
import { GET as listTokens, POST as createToken } from "@/app/api/tokens/route";
import { DELETE as revokeToken } from "@/app/api/tokens/[tokenId]/route";
import { db } from "@/server/db/client";
import { apiTokens, auditEvents } from "@/server/db/schema";
import { call, signIn } from "../setup/api";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let dbaCookie: string;
let leadCookie: string;

beforeAll(async () => {
  dbaCookie = await signIn("dba", "tokens-dba@ferry.test");
  leadCookie = await signIn("lead", "tokens-lead@ferry.test");
});

describe("API tokens", () => {
  it("are shown once, stored only as a hash, and act as their user with that user's role", async () => {
    const res = await call(createToken, { method: "POST", cookie: dbaCookie, json: { name: "nightly CI" } });
    expect(res.status).toBe(201);
    const { token, info } = CreatedApiToken.parse(await res.json());
    expect(token).toMatch(/^ferry_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: "nightly CI", prefix: token.slice(0, 12), lastUsedAt: null });
    // Unless told otherwise, a token lives 90 days.
    const days = (Date.parse(info.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, info.id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await db().select().from(apiTokens))).not.toContain(token);

    const listed = await call(listMigrations, { headers: bearer(token) });
    expect(listed.status).toBe(200);
    // A DBA's token may not do what a DBA may not.
    const rotate = await call(rotateKey, { method: "POST", headers: bearer(token), json: {} });
    expect(rotate.status).toBe(403);

    const mine = ApiTokenView.array().parse(await (await call(listTokens, { cookie: dbaCookie })).json());
    const seen = mine.find((t) => t.id === info.id)!;
    expect(seen.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(mine)).not.toContain(token);
  });

  it("cannot create or list tokens itself: a leaked token does not mint more", async () => {
    const { token } = CreatedApiToken.parse(
      await (await call(createToken, { method: "POST", cookie: dbaCookie, json: { name: "deploy" } })).json(),
    );
    const minted = await call(createToken, {
      method: "POST",
      headers: bearer(token),
      json: { name: "more" },
    });
    expect(minted.status).toBe(403);
    expect((await minted.json()).detail).toMatch(/signed in, not with a token/);
    expect((await call(listTokens, { headers: bearer(token) })).status).toBe(403);
  });

  it("stops working once revoked, by its owner only, and both steps are audited", async () => {
    const { token, info } = CreatedApiToken.parse(
      await (
        await call(createToken, { method: "POST", cookie: dbaCookie, json: { name: "old laptop" } })
      ).json(),
    );
    const params = { tokenId: info.id };
    const byOther = await call(revokeToken, { method: "DELETE", cookie: leadCookie, params });
    expect(byOther.status).toBe(404);
    expect((await call(listMigrations, { headers: bearer(token) })).status).toBe(200);

    const revoked = await call(revokeToken, { method: "DELETE", cookie: dbaCookie, params });
    expect(revoked.status).toBe(200);
    expect(ApiTokenView.parse(await revoked.json()).revokedAt).not.toBeNull();
    const refused = await call(listMigrations, { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect((await refused.json()).detail).toMatch(/unknown, revoked or expired/);
    expect((await call(revokeToken, { method: "DELETE", cookie: dbaCookie, params })).status).toBe(404);

    const audited = await db()
      .select({ action: auditEvents.action, actor: auditEvents.actorEmail })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, "api_token"), eq(auditEvents.objectId, info.id)));
    expect(audited.map((a) => a.action).sort()).toEqual(["api_token.created", "api_token.revoked"]);
    expect(audited.every((a) => a.actor === "tokens-dba@ferry.test")).toBe(true);
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain(token);
  });

  it("stops working when it expires; one made to never expire keeps working", async () => {
    const create = async (json: unknown) =>
      CreatedApiToken.parse(
        await (await call(createToken, { method: "POST", cookie: dbaCookie, json })).json(),
      );
    const weekly = await create({ name: "weekly job", expiresInDays: 7 });
    const forever = await create({ name: "forever job", expiresInDays: null });
    expect(forever.info.expiresAt).toBeNull();
    expect((await call(listMigrations, { headers: bearer(weekly.token) })).status).toBe(200);
    // A week passes for the weekly token.
    await db()
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, weekly.info.id));
    const expired = await call(listMigrations, { headers: bearer(weekly.token) });
    expect(expired.status).toBe(401);
    expect((await expired.json()).detail).toMatch(/expired. Create a new one under API tokens/);
    expect((await call(listMigrations, { headers: bearer(forever.token) })).status).toBe(200);
    const listed = ApiTokenView.array().parse(await (await call(listTokens, { cookie: dbaCookie })).json());
    expect(listed.find((t) => t.id === weekly.info.id)).toMatchObject({ expired: true });
    expect(listed.find((t) => t.id === forever.info.id)).toMatchObject({ expired: false, expiresAt: null });

    const tooLong = await call(createToken, {
      method: "POST",
      cookie: dbaCookie,
      json: { name: "decade", expiresInDays: 3650 },
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toMatch(/at most a year/);
  });

  it("refuses an unknown token and a nameless one, saying what to do", async () => {
    const unknown = await call(listMigrations, { headers: bearer("ferry_not-a-real-token") });
    expect(unknown.status).toBe(401);
    const nameless = await call(createToken, { method: "POST", cookie: dbaCookie, json: { name: "  " } });
    expect(nameless.status).toBe(400);
    expect(JSON.stringify(await nameless.json())).toMatch(/Name the token/);
  });
});
