import { and, count, desc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import type { ReportList, ReportListQuery } from "@/contracts/reports";
import { db } from "@/server/db/client";
import { migrations, reports, runs } from "@/server/db/schema";

const LIMIT = 200;

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/** Every stored report matching the filters, newest first, with the summary an auditor scans for. */
export async function listReports(query: ReportListQuery): Promise<ReportList> {
  const where: SQL[] = [];
  if (query.q) where.push(ilike(migrations.name, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (query.verdict !== "all") where.push(eq(reports.ok, query.verdict === "verified"));
  if (query.from) where.push(gte(reports.createdAt, new Date(`${query.from}T00:00:00Z`)));
  if (query.to) where.push(lt(reports.createdAt, nextDay(query.to)));
  const filter = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db()
      .select({
        runId: reports.runId,
        migrationId: migrations.id,
        migrationName: migrations.name,
        ok: reports.ok,
        // Only the few fields the list shows, read in SQL: a report body carries every table and difference.
        sourceName: sql<string>`${reports.body}->'source'->>'name'`,
        sourceEngine: sql<string>`${reports.body}->'source'->>'engine'`,
        targetName: sql<string>`${reports.body}->'target'->>'name'`,
        tables: sql<number>`(${reports.body}->'summary'->>'tables')::int`,
        tablesMatching: sql<number>`(${reports.body}->'summary'->>'tablesMatching')::int`,
        sourceRows: sql<number>`(${reports.body}->'summary'->>'sourceRows')::float8`,
        sha256: reports.sha256,
        signature: reports.signature,
        createdAt: reports.createdAt,
      })
      .from(reports)
      .innerJoin(runs, eq(runs.id, reports.runId))
      .innerJoin(migrations, eq(migrations.id, runs.migrationId))
      .where(filter)
      .orderBy(desc(reports.createdAt))
      .limit(LIMIT),
    db()
      .select({ n: count() })
      .from(reports)
      .innerJoin(runs, eq(runs.id, reports.runId))
      .innerJoin(migrations, eq(migrations.id, runs.migrationId))
      .where(filter),
  ]);
  return {
    total: total?.n ?? 0,
    limit: LIMIT,
    reports: rows.map(({ signature, createdAt, ...r }) => ({
      ...r,
      createdAt: createdAt.toISOString(),
      signed: signature !== null,
    })),
  };
}
