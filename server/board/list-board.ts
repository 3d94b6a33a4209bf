import { sql } from "drizzle-orm";
import { BoardRow, type BoardApproval } from "@/contracts/board";
import type { TemplateId } from "@/contracts/checklists";
import type { PreflightStatus } from "@/contracts/preflight";
import type { RunStatus } from "@/contracts/runs";
import { listChecklistSummaries } from "@/server/checklists/list-checklist-summaries";
import { TEMPLATES } from "@/server/checklists/templates/registry";
import { db } from "@/server/db/client";

type Latest = {
  migrationId: string;
  preflightStatus: PreflightStatus | null;
  preflightFail: number | null;
  preflightWarn: number | null;
  runId: string | null;
  runStatus: RunStatus | null;
  runCreatedAt: Date | string | null;
  runVerified: boolean | null;
};

/** Per migration, its newest preflight's verdict counts and its newest run: one query. */
async function latestPreflightsAndRuns(): Promise<Map<string, Latest>> {
  const { rows } = await db().execute<Latest>(sql`
    SELECT m.id AS "migrationId",
           p.status AS "preflightStatus",
           (p.summary->>'fail')::int AS "preflightFail",
           (p.summary->>'warn')::int AS "preflightWarn",
           r.id AS "runId", r.status AS "runStatus", r.created_at AS "runCreatedAt", r.verified AS "runVerified"
      FROM migrations m
      LEFT JOIN LATERAL (SELECT status, summary FROM preflight_reports
                          WHERE migration_id = m.id ORDER BY created_at DESC LIMIT 1) p ON true
      LEFT JOIN LATERAL (SELECT id, status, created_at, verified FROM runs
                          WHERE migration_id = m.id ORDER BY created_at DESC LIMIT 1) r ON true`);
  return new Map(rows.map((r) => [r.migrationId, r]));
}

/** The runbook phase a migration is in: the first, in the template's order, that still has open items. */
function currentPhase(templateId: TemplateId | null, openItemIds: string[]): string | null {
  if (!templateId || openItemIds.length === 0) return null;
  const template = TEMPLATES[templateId];
  const open = new Set(openItemIds);
  return template.phases.find((ph) => template.items.some((i) => i.phase === ph && open.has(i.id))) ?? null;
}

/** The lead's board: every migration, newest first, in two queries whatever the number of migrations. */
export async function listBoard(): Promise<BoardRow[]> {
  const [summaries, latest] = await Promise.all([listChecklistSummaries(), latestPreflightsAndRuns()]);
  return summaries.map((s) => {
    const l = latest.get(s.migrationId);
    const approval: BoardApproval = !s.requiresApproval
      ? "not-required"
      : s.approved
        ? "approved"
        : "waiting";
    return BoardRow.parse({
      migrationId: s.migrationId,
      name: s.name,
      templateId: s.templateId,
      phase: currentPhase(s.templateId, s.openItemIds),
      checklist: { total: s.total, complete: s.complete, warn: s.warn, failed: s.failed },
      preflight: l?.preflightStatus
        ? { status: l.preflightStatus, fail: l.preflightFail ?? 0, warn: l.preflightWarn ?? 0 }
        : null,
      approval,
      lastRun:
        l?.runId && l.runStatus && l.runCreatedAt
          ? {
              id: l.runId,
              status: l.runStatus,
              createdAt: new Date(l.runCreatedAt).toISOString(),
              verified: l.runVerified,
            }
          : null,
    });
  });
}
