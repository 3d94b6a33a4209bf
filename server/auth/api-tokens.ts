import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { ApiTokenView, CreatedApiToken } from "@/contracts/api-tokens";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { apiTokens, users } from "@/server/db/schema";
import { notFound } from "@/server/errors";
import { hashSecret, newSecret, sessionUserColumns, TOUCH_EVERY_MS } from "./bearer-secret";

/** What tells a Ferry token apart in a secret scanner's rules and in a pasted line. */
export const TOKEN_PREFIX = "ferry_";

const view = (r: typeof apiTokens.$inferSelect): ApiTokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  expiresAt: r.expiresAt?.toISOString() ?? null,
  expired: r.expiresAt !== null && r.expiresAt.getTime() <= Date.now(),
});

const DAY_MS = 86_400_000;

export async function createApiToken(
  actor: SessionUser,
  { name, expiresInDays }: { name: string; expiresInDays: number | null },
): Promise<CreatedApiToken> {
  const token = TOKEN_PREFIX + newSecret();
  const expiresAt = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * DAY_MS);
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: actor.id, name, tokenHash: hashSecret(token), prefix: token.slice(0, 12), expiresAt })
      .returning();
    await recordAudit(tx, {
      actor,
      action: "api_token.created",
      objectType: "api_token",
      objectId: row!.id,
      details: { name, prefix: row!.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, info: view(row!) };
  });
}

export async function listApiTokens(actor: SessionUser): Promise<ApiTokenView[]> {
  const rows = await db()
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.id))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(view);
}

/** Revokes one of the actor's own tokens; it stops working at once. */
export async function revokeApiToken(actor: SessionUser, id: string): Promise<ApiTokenView> {
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound(`Active API token ${id}`);
    await recordAudit(tx, {
      actor,
      action: "api_token.revoked",
      objectType: "api_token",
      objectId: row.id,
      details: { name: row.name, prefix: row.prefix },
    });
    return view(row);
  });
}

/** The user a bearer token acts as, or null when it is unknown, revoked or expired. */
export async function userForApiToken(token: string): Promise<SessionUser | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const tokenHash = hashSecret(token);
  const [row] = await db()
    .select({ ...sessionUserColumns, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS)
    await db().update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.tokenHash, tokenHash));
  const { lastUsedAt: _used, ...user } = row;
  return user;
}
