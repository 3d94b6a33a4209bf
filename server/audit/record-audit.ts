import type { SessionUser } from "@/contracts/roles";
import type { Db, Tx } from "@/server/db/client";
import { auditEvents } from "@/server/db/schema";

export type AuditEntry = {
  actor: Pick<SessionUser, "id" | "email"> | null;
  action: `${string}.${string}`;
  objectType: string;
  objectId: string | null;
  /** Never a secret: callers pass views, not raw inputs. */
  details?: Record<string, unknown>;
};

export async function recordAudit(tx: Db | Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: entry.details ?? {},
  });
}
