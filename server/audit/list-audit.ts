import { and, count, desc, eq, gte, ilike, lt, lte, type SQL } from "drizzle-orm";
import type { AuditEventView, AuditPage, AuditQuery } from "@/contracts/audit";
import { db } from "@/server/db/client";
import { auditEvents } from "@/server/db/schema";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(q: AuditQuery): SQL | undefined {
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  return and(
    q.actor ? ilike(auditEvents.actorEmail, `%${escapeLike(q.actor)}%`) : undefined,
    q.action ? eq(auditEvents.action, q.action) : undefined,
    q.objectType ? eq(auditEvents.objectType, q.objectType) : undefined,
    q.objectId ? eq(auditEvents.objectId, q.objectId) : undefined,
    q.from ? gte(auditEvents.at, new Date(`${q.from}T00:00:00Z`)) : undefined,
    q.to ? lt(auditEvents.at, next(q.to)) : undefined,
  );
}

const toView = (r: typeof auditEvents.$inferSelect): AuditEventView => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: r.actorEmail,
  action: r.action,
  objectType: r.objectType,
  objectId: r.objectId,
  details: r.details,
});

/** One page of the trail, newest first, with the number of matching events. */
export async function listAudit(q: AuditQuery): Promise<AuditPage> {
  const filter = where(q);
  const [rows, [total]] = await Promise.all([
    db()
      .select()
      .from(auditEvents)
      .where(filter)
      .orderBy(desc(auditEvents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db().select({ n: count() }).from(auditEvents).where(filter),
  ]);
  return { events: rows.map(toView), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Every matching event, newest first, read in keyset batches so an export of the whole trail stays small in memory. */
export async function* allAudit(q: AuditQuery, batch = 1000): AsyncGenerator<AuditEventView> {
  let before: number | undefined;
  for (;;) {
    const rows = await db()
      .select()
      .from(auditEvents)
      .where(and(where(q), before === undefined ? undefined : lte(auditEvents.id, before - 1)))
      .orderBy(desc(auditEvents.id))
      .limit(batch);
    for (const r of rows) yield toView(r);
    if (rows.length < batch) return;
    before = rows.at(-1)!.id;
  }
}
