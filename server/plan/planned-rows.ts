import type { MigrationPlan } from "./build-plan";

/** The run log's first line about the rows: counted where they were counted, "about" where estimated. */
export function plannedRowsLine(plan: Pick<MigrationPlan, "tables">, sourceName: string): string {
  const total = plan.tables.reduce((n, t) => n + t.rowCount, 0).toLocaleString("en");
  const estimated = plan.tables.filter((t) => t.source.rowCountEstimated);
  if (!estimated.length)
    return `Planned ${plan.tables.length} table(s) with ${total} rows from ${sourceName}.`;
  return (
    `Planned ${plan.tables.length} table(s) with about ${total} rows from ${sourceName}: ` +
    `${estimated.length} large table(s) (${estimated.map((t) => t.source.name).join(", ")}) by PostgreSQL's fresh statistics ` +
    `instead of a full count, the rest counted; the copy counts every row it moves and verification compares exact counts.`
  );
}
