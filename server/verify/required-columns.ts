import type pg from "pg";
import type { ReportCheckV1 } from "@/contracts/reports";
import type { TablePlan } from "@/server/plan/build-plan";
import { qualified, quoteIdent } from "@/server/plan/identifiers";

/** NULL and empty-text counts per required (NOT NULL in the plan) column, by target column name. */
export type RequiredCounts = Map<string, { nulls: number; empty: number }>;

export const requiredColumns = (t: TablePlan) => t.columns.filter((c) => !c.nullable);

/**
 * The table's rows (count(*)) and, in the same scan, the NULL and empty-text counts of its required columns:
 * one statement, where a schema of many small tables pays mostly for round trips.
 */
export async function tableCounts(
  client: pg.Client,
  schema: string,
  t: TablePlan,
): Promise<{ rows: number; required: RequiredCounts }> {
  const cols = requiredColumns(t);
  const exprs = cols.flatMap((c) => {
    const col = quoteIdent(c.target);
    return [
      `count(*) FILTER (WHERE ${col} IS NULL)::int`,
      c.kind === "text" ? `count(*) FILTER (WHERE ${col}::text = '')::int` : "0",
    ];
  });
  const { rows } = await client.query<(string | number)[]>({
    text: `SELECT ${["count(*)::text", ...exprs].join(", ")} FROM ${qualified(schema, t.target)}`,
    rowMode: "array",
  });
  const [n, ...r] = rows[0]!;
  return {
    rows: Number(n),
    required: new Map(
      cols.map((c, i) => [c.target, { nulls: r[2 * i] as number, empty: r[2 * i + 1] as number }]),
    ),
  };
}

/**
 * One check over every table: a required column may hold no more NULL or empty values on the target than
 * the source had (the source's own empty strings are carried over, not invented).
 */
export function requiredColumnsCheck(
  tables: readonly { name: string; source: RequiredCounts; target: RequiredCounts }[],
): ReportCheckV1 {
  const bad: string[] = [];
  let columns = 0;
  for (const t of tables)
    for (const [col, tgt] of t.target) {
      columns++;
      const src = t.source.get(col) ?? { nulls: 0, empty: 0 };
      if (tgt.nulls > src.nulls || tgt.empty > src.empty)
        bad.push(
          `${t.name}.${col}: ${tgt.nulls} NULL and ${tgt.empty} empty on the target, ${src.nulls} and ${src.empty} in the source`,
        );
    }
  return {
    name: "required columns: no NULL or empty values the source did not have",
    ok: bad.length === 0,
    detail: bad.length
      ? bad.slice(0, 10).join("; ") + (bad.length > 10 ? `; and ${bad.length - 10} more` : "")
      : `${columns} required column(s) in ${tables.length} table(s) checked`,
  };
}
