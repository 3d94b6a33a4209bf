import { and, asc, eq, sql } from "drizzle-orm";
import type { ReportCheckV1, ReportRejectV1 } from "@/contracts/reports";
import { tableKey } from "@/server/catalog/catalog";
import { db } from "@/server/db/client";
import { runRejects } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import type { RunContext } from "./run-context";

/** Past this many bad rows in one table the column types are wrong, not the rows: the DBA must decide. */
export const REJECT_CAP = 1_000;

/**
 * Finds, before anything is written, the rows whose values cannot land as planned; records them and marks
 * them in the plan so copy and verification both leave them out. Nothing is dropped or altered silently.
 */
export async function rejectUnconvertibleRows(ctx: RunContext): Promise<number> {
  const findRejects = ctx.source.findRejects?.bind(ctx.source);
  if (!findRejects) return 0;
  let total = 0;
  for (const t of ctx.plan.tables) {
    const name = tableKey(t.source);
    const rejects = await findRejects(
      t.source,
      t.columns.map((c) => ({ name: c.source, kind: c.kind })),
      REJECT_CAP,
    );
    if (!rejects.length) continue;
    const first = rejects[0]!;
    if (rejects.length > REJECT_CAP)
      throw new DomainError(
        400,
        "too_many_rejects",
        `Table "${name}": more than ${REJECT_CAP.toLocaleString("en")} rows cannot land as planned (first: column "${first.column}", ${first.reason}, value ${first.value}). The column's type does not fit its data: choose another type for it in the migration (e.g. text), or clean the source. Nothing was written.`,
      );
    t.rejectedKeys = [...new Set(rejects.map((r) => r.key))];
    total += t.rejectedKeys.length;
    await db()
      .insert(runRejects)
      .values(rejects.map((r) => ({ runId: ctx.runId, tableName: name, rowKey: r.key, ...r })))
      .onConflictDoNothing();
    const byColumn = new Map<string, typeof rejects>();
    for (const r of rejects) byColumn.set(r.column, [...(byColumn.get(r.column) ?? []), r]);
    await ctx.rec.log(
      "warn",
      `Table "${name}": ${t.rejectedKeys.length} row(s) rejected before the copy and not migrated — ${[
        ...byColumn,
      ]
        .map(([column, rs]) => `column "${column}": ${rs.length} × ${rs[0]!.reason} (e.g. ${rs[0]!.value})`)
        .join("; ")}. They are listed in the report.`,
    );
  }
  return total;
}

/** The report's reject list and its check line. */
export async function rejectsForReport(
  runId: string,
): Promise<{ rejects: ReportRejectV1[]; check: ReportCheckV1 | null }> {
  const [count] = await db()
    .select({
      rows: sql<number>`count(DISTINCT (${runRejects.tableName}, ${runRejects.rowKey}))::int`,
      tables: sql<number>`count(DISTINCT ${runRejects.tableName})::int`,
    })
    .from(runRejects)
    .where(eq(runRejects.runId, runId));
  if (!count?.rows) return { rejects: [], check: null };
  const rows = await db()
    .select()
    .from(runRejects)
    .where(and(eq(runRejects.runId, runId)))
    .orderBy(asc(runRejects.tableName), asc(runRejects.rowKey))
    .limit(REJECT_CAP);
  return {
    rejects: rows.map((r) => ({
      table: r.tableName,
      key: r.rowKey,
      column: r.column,
      value: r.value,
      reason: r.reason,
    })),
    check: {
      name: "rejected rows",
      ok: false,
      detail: `${count.rows} source row(s) in ${count.tables} table(s) could not land as planned and were not migrated; each is listed with its reason. Everything else is compared above.`,
    },
  };
}
