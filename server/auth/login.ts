import { eq } from "drizzle-orm";
import type { LoginInput, SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { hashPassword, verifyPassword } from "./passwords";
import { createSession } from "./sessions";

// Verifying against a real hash when the user is unknown keeps the response time the same either way.
let decoyHash: Promise<string> | undefined;

export async function login(
  input: LoginInput,
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  const [row] = await db().select().from(users).where(eq(users.email, input.email.toLowerCase())).limit(1);
  decoyHash ??= hashPassword("decoy-password-for-timing");
  const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash), input.password);
  if (!row || !ok) {
    await recordAudit(db(), {
      actor: null,
      action: "auth.login_failed",
      objectType: "user",
      objectId: null,
      details: { email: input.email },
    });
    throw new DomainError(401, "invalid_credentials", "That email and password do not match an account.");
  }
  const session = await createSession(row.id);
  const user = { id: row.id, email: row.email, name: row.name, role: row.role };
  await recordAudit(db(), { actor: user, action: "auth.login", objectType: "user", objectId: row.id });
  return { user, ...session };
}
