import { and, eq, gt, lt, or } from "drizzle-orm";
import type { SessionUser } from "@/contracts/roles";
import { env } from "@/server/config/env";
import { db } from "@/server/db/client";
import { sessions, users } from "@/server/db/schema";
import { hashSecret, newSecret, sessionUserColumns, TOUCH_EVERY_MS } from "./bearer-secret";

export const SESSION_COOKIE = "ferry_session";

export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + env().FERRY_SESSION_HOURS * 3600_000);
  await db()
    .insert(sessions)
    .values({ tokenHash: hashSecret(token), userId, expiresAt });
  await db()
    .delete(sessions)
    .where(
      or(
        lt(sessions.expiresAt, new Date()),
        lt(sessions.lastSeenAt, new Date(Date.now() - env().FERRY_SESSION_IDLE_MINUTES * 60_000)),
      ),
    );
  return { token, expiresAt };
}

/** The signed-in user, or null when the token is unknown, past its absolute end or idle too long. */
export async function userForSession(token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const now = Date.now();
  const idleSince = new Date(now - env().FERRY_SESSION_IDLE_MINUTES * 60_000);
  const tokenHash = hashSecret(token);
  const [row] = await db()
    .select({ ...sessionUserColumns, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, new Date(now)),
        gt(sessions.lastSeenAt, idleSince),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db()
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.tokenHash, tokenHash));
  const { lastSeenAt: _seen, ...user } = row;
  return user;
}

export async function deleteSession(token: string): Promise<void> {
  await db()
    .delete(sessions)
    .where(eq(sessions.tokenHash, hashSecret(token)));
}
