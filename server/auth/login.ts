import { eq } from "drizzle-orm";
import type { LoginInput, SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from "./login-throttle";
import { hashPassword, verifyPassword } from "./passwords";
import { createSession } from "./sessions";

// Verifying against a real hash when the user is unknown keeps the response time the same either way.
let decoyHash: Promise<string> | undefined;

/** `address` is the client's IP as the proxy in front saw it, or null when unknown (then only the account counts). */
export async function login(
  input: LoginInput,
  address: string | null = null,
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  await assertLoginAllowed(input.email, address);
  const [row] = await db().select().from(users).where(eq(users.email, input.email.toLowerCase())).limit(1);
  decoyHash ??= hashPassword("decoy-password-for-timing");
  const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash), input.password);
  if (!row || !ok) {
    await recordAudit(db(), {
      actor: null,
      action: "auth.login_failed",
      objectType: "user",
      objectId: null,
      details: { email: input.email, address },
    });
    const lock = await recordLoginFailure(input.email, address);
    if (lock) throw lock;
    throw new DomainError(401, "invalid_credentials", "That email and password do not match an account.");
  }
  await clearLoginFailures(input.email);
  const session = await createSession(row.id);
  const user = { id: row.id, email: row.email, name: row.name, role: row.role };
  await recordAudit(db(), { actor: user, action: "auth.login", objectType: "user", objectId: row.id });
  return { user, ...session };
}
