import { and, desc, eq } from "drizzle-orm";
import { db, type Tx } from "@/server/db/client";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { checklistItems, preflightReports, waivers } from "@/server/db/schema";
import { ensureChecklist } from "./ensure-checklist";
import { preflightItemState, type Waived } from "./preflight-item-state";
import { TEMPLATES } from "./templates/registry";
import { writeItemState } from "./write-item-state";

/**
 * Ticks (or flags) the automatic items from the newest finished preflight of the migration and its waivers;
 * inside `within` when given (so a preflight's verdicts and the items they tick become visible together, and
 * the caller publishes once it commits). Says whether any item changed.
 */
export async function applyPreflight(migrationId: string, within?: Tx): Promise<boolean> {
  const apply = async (tx: Tx): Promise<boolean> => {
    const checklist = await ensureChecklist(tx, migrationId);
    const [report] = await tx
      .select()
      .from(preflightReports)
      .where(and(eq(preflightReports.migrationId, migrationId), eq(preflightReports.status, "finished")))
      .orderBy(desc(preflightReports.createdAt))
      .limit(1);
    if (!report) return false;
    const waived = new Map<string, Waived>();
    for (const w of await tx
      .select()
      .from(waivers)
      .where(eq(waivers.migrationId, migrationId))
      .orderBy(waivers.at))
      waived.set(w.checkId, { reason: w.reason, by: w.waivedByEmail });
    const results = new Map(report.checks.map((c) => [c.id, c]));
    const notApplicable = new Set(report.summary?.notApplicable ?? []);
    const current = new Map(
      (await tx.select().from(checklistItems).where(eq(checklistItems.migrationId, migrationId))).map((r) => [
        r.itemId,
        r,
      ]),
    );
    let wrote = false;
    for (const item of TEMPLATES[checklist.templateId].items) {
      if (!current.has(item.id)) continue;
      const next = preflightItemState(item, results, notApplicable, waived);
      if (!next) continue;
      if (await writeItemState(tx, { migrationId, itemId: item.id, ...next, note: null, actor: null }))
        wrote = true;
    }
    return wrote;
  };
  if (within) return apply(within);
  const changed = await db().transaction(apply);
  if (changed) await publishMigrationEvent(migrationId, { type: "checklist.changed" });
  return changed;
}
