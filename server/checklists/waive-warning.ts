import { and, desc, eq } from "drizzle-orm";
import type { WaiveInput } from "@/contracts/checklists";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { preflightReports, waivers } from "@/server/db/schema";
import { badRequest, conflict } from "@/server/errors";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { applyPreflight } from "./apply-preflight";

/** A lead accepts one warning of the newest finished preflight, with the reason; failures cannot be waived. */
export async function waiveWarning({
  actor,
  migrationId,
  input,
}: {
  actor: SessionUser;
  migrationId: string;
  input: WaiveInput;
}): Promise<{ id: string }> {
  const id = await db().transaction(async (tx) => {
    const [report] = await tx
      .select()
      .from(preflightReports)
      .where(and(eq(preflightReports.migrationId, migrationId), eq(preflightReports.status, "finished")))
      .orderBy(desc(preflightReports.createdAt))
      .limit(1);
    if (!report) throw conflict("no_preflight", "Run preflight first: there is no warning to waive yet.");
    const check = report.checks.find((c) => c.id === input.checkId);
    if (!check) throw badRequest("unknown_check", `The latest preflight has no check "${input.checkId}".`);
    if (check.verdict !== "warn")
      throw badRequest(
        "not_a_warning",
        check.verdict === "fail"
          ? `"${check.title}" failed; a failure cannot be waived. Fix it and run preflight again.`
          : `"${check.title}" passed; there is nothing to waive.`,
      );
    const [row] = await tx
      .insert(waivers)
      .values({
        migrationId,
        checkId: check.id,
        checkTitle: check.title,
        preflightId: report.id,
        evidence: check.evidence,
        reason: input.reason,
        waivedBy: actor.id,
        waivedByEmail: actor.email,
      })
      .returning({ id: waivers.id });
    await recordAudit(tx, {
      actor,
      action: "preflight.waive",
      objectType: "migration",
      objectId: migrationId,
      details: { waiverId: row!.id, check: check.id, reason: input.reason, preflightId: report.id },
    });
    return row!.id;
  });
  await applyPreflight(migrationId);
  await publishMigrationEvent(migrationId, { type: "checklist.changed" });
  return { id };
}
