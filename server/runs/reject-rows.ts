import { and, asc, eq, sql } from "drizzle-orm";
import type { ReportCheckV1, ReportRejectV1 } from "@/contracts/reports";
import type { RowReject } from "@/server/connectors/connector";
import { db } from "@/server/db/client";
import { runRejects } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import type { RunContext } from "./run-context";

/** Past this many bad rows in one table the column types are wrong, not the rows: the DBA must decide. */
export const REJECT_CAP = 1_000;

/** Collects one table's rejects during its copy; past the cap the copy stops (it rolls back). */
export class RejectCollector {
  readonly rows: RowReject[] = [];
  private readonly keys = new Set<string>();

  constructor(private readonly table: string) {}

  readonly take = (r: RowReject): void => {
    this.rows.push(r);
    this.keys.add(r.key);
    if (this.keys.size > REJECT_CAP)
      throw new DomainError(
        400,
        "too_many_rejects",
        `Table "${this.table}": more than ${REJECT_CAP.toLocaleString("en")} rows cannot land as planned (first: column "${this.rows[0]!.column}", ${this.rows[0]!.reason}, value ${this.rows[0]!.value}). The column's type does not fit its data: choose another type for it in the migration's Types step (e.g. text), or clean the source. This table's copy was rolled back.`,
      );
  };

  get count(): number {
    return this.keys.size;
  }
}

/** Stores a table's rejects and says so in the run log; they are listed in the report. */
export async function recordRejects(
  ctx: RunContext,
  collector: RejectCollector,
  table: string,
): Promise<void> {
  if (!collector.count) return;
  const rejects = collector.rows;
  await db()
    .insert(runRejects)
    .values(rejects.map((r) => ({ runId: ctx.runId, tableName: table, rowKey: r.key, ...r })))
    .onConflictDoNothing();
  const byColumn = new Map<string, RowReject[]>();
  for (const r of rejects) {
    const k = `${r.column}\u0000${r.reason}`;
    byColumn.set(k, [...(byColumn.get(k) ?? []), r]);
  }
  await ctx.rec.log(
    "warn",
    `Table "${table}": ${collector.count} row(s) rejected and not migrated — ${[...byColumn]
      .map(([, rs]) => `column "${rs[0]!.column}": ${rs.length} × ${rs[0]!.reason} (e.g. ${rs[0]!.value})`)
      .join("; ")}. They are listed in the report.`,
  );
}

/** The keys of a table's rejected rows, which verification leaves out of the source side too. */
export async function rejectedKeysOf(runId: string, table: string): Promise<string[]> {
  return (await rejectedKeysByTable(runId, table)).get(table) ?? [];
}

/** The rejected row keys of every table of a run (or of one), read in one query, by table. */
export async function rejectedKeysByTable(runId: string, table?: string): Promise<Map<string, string[]>> {
  const rows = await db()
    .selectDistinct({ table: runRejects.tableName, key: runRejects.rowKey })
    .from(runRejects)
    .where(
      table === undefined
        ? eq(runRejects.runId, runId)
        : and(eq(runRejects.runId, runId), eq(runRejects.tableName, table)),
    );
  const byTable = new Map<string, string[]>();
  for (const r of rows) {
    const keys = byTable.get(r.table);
    if (keys) keys.push(r.key);
    else byTable.set(r.table, [r.key]);
  }
  return byTable;
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
