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
    expect((await refused.json()).detail).toMatch(/unknown or revoked/);
    expect((await call(revokeToken, { method: "DELETE", cookie: dbaCookie, params })).status).toBe(404);

    const audited = await db()
      .select({ action: auditEvents.action, actor: auditEvents.actorEmail })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, "api_token"), eq(auditEvents.objectId, info.id)));
    expect(audited.map((a) => a.action).sort()).toEqual(["api_token.created", "api_token.revoked"]);
    expect(audited.every((a) => a.actor === "tokens-dba@ferry.test")).toBe(true);
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain(token);
  });

  it("refuses an unknown token and a nameless one, saying what to do", async () => {
    const unknown = await call(listMigrations, { headers: bearer("ferry_not-a-real-token") });
    expect(unknown.status).toBe(401);
    const nameless = await call(createToken, { method: "POST", cookie: dbaCookie, json: { name: "  " } });
    expect(nameless.status).toBe(400);
    expect(JSON.stringify(await nameless.json())).toMatch(/Name the token/);
  });
});
