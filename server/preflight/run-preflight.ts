import { eq } from "drizzle-orm";
import { applyPreflight } from "@/server/checklists/apply-preflight";
import { db } from "@/server/db/client";
import { preflightReports } from "@/server/db/schema";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { openPreflightContext } from "./context";
import { PREFLIGHT_CHECKS } from "./registry";
import { runChecks } from "./run-checks";

/** The worker's verb: assess the migration of one stored preflight row and store the verdicts in it. */
export async function runPreflight(preflightId: string): Promise<void> {
  const [row] = await db().select().from(preflightReports).where(eq(preflightReports.id, preflightId));
  if (!row || row.status === "finished") return;
  await db()
    .update(preflightReports)
    .set({ status: "running", startedAt: new Date() })
    .where(eq(preflightReports.id, preflightId));
  await publishMigrationEvent(row.migrationId, { type: "preflight.changed", status: "running" });
  try {
    const ctx = await openPreflightContext(row.migrationId);
    try {
      const { checks, summary } = await runChecks(PREFLIGHT_CHECKS, ctx);
      // One transaction: nobody sees the verdicts without the checklist items they tick.
      const changed = await db().transaction(async (tx) => {
        await tx
          .update(preflightReports)
          .set({ status: "finished", checks, summary, finishedAt: new Date() })
          .where(eq(preflightReports.id, preflightId));
        return applyPreflight(row.migrationId, tx);
      });
      if (changed) await publishMigrationEvent(row.migrationId, { type: "checklist.changed" });
      await publishMigrationEvent(row.migrationId, { type: "preflight.changed", status: "finished" });
    } finally {
      await ctx.close();
    }
  } catch (err) {
    await db()
      .update(preflightReports)
      .set({ status: "failed", error: (err as Error).message, finishedAt: new Date() })
      .where(eq(preflightReports.id, preflightId));
    await publishMigrationEvent(row.migrationId, { type: "preflight.changed", status: "failed" });
  }
}
