import { sql } from "drizzle-orm";
import type { TemplateId } from "@/contracts/checklists";
import { db } from "@/server/db/client";

export type ChecklistSummary = {
  migrationId: string;
  name: string;
  templateId: TemplateId | null;
  total: number;
  /** Items done or not applicable. */
  complete: number;
  warn: number;
  failed: number;
  requiresApproval: boolean;
  /** A lead's unrevoked approval matches the plan as it is now. */
  approved: boolean;
  /** Items neither done nor not applicable, so a board can name the runbook phase the migration is in. */
  openItemIds: string[];
};

/**
 * One query for a lead's board: per migration, checklist completion, failing and warning items, and
 * whether it waits for approval (requiresApproval && !approved). A migration whose checklist was never
 * opened has templateId null and total 0.
 */
export async function listChecklistSummaries(): Promise<ChecklistSummary[]> {
  const { rows } = await db().execute<ChecklistSummary>(sql`
    SELECT m.id AS "migrationId", m.name, c.template_id AS "templateId",
           count(i.item_id)::int AS total,
           (count(i.item_id) FILTER (WHERE i.state IN ('done', 'na')))::int AS complete,
           (count(i.item_id) FILTER (WHERE i.state = 'warn'))::int AS warn,
           (count(i.item_id) FILTER (WHERE i.state = 'failed'))::int AS failed,
           coalesce(array_agg(i.item_id) FILTER (WHERE i.state NOT IN ('done', 'na')), '{}') AS "openItemIds",
           coalesce(c.requires_approval, true) AS "requiresApproval",
           EXISTS (SELECT 1 FROM approvals a
                    WHERE a.migration_id = m.id AND a.plan_hash = m.plan_hash AND a.revoked_at IS NULL) AS approved
      FROM migrations m
      LEFT JOIN checklists c ON c.migration_id = m.id
      LEFT JOIN checklist_items i ON i.migration_id = m.id
     GROUP BY m.id, c.migration_id
     ORDER BY m.created_at DESC`);
  return rows;
}
