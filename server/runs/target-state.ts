import { sql } from "drizzle-orm";
import { db } from "@/server/db/client";

type TableRow = { name: string; status: string; chunks: number; done: number };

const COPIED = new Set(["copied", "verified", "mismatch"]);

/** What each phase leaves done when the run stops at its start or inside it. */
const PHASE_NOTE: Record<string, string> = {
  queued: "Nothing was written to the target.",
  preflight: "Nothing was written to the target.",
  schema: "No rows were copied; the migration's tables are absent or empty in the target.",
  "post-data":
    "Every table's rows are in; keys, indexes, foreign keys or sequences of the post-data phase may be missing.",
  verify:
    "Every table's rows, keys and indexes are in; verification did not finish and no report was signed.",
  report:
    "Every table's rows, keys and indexes are in; verification did not finish and no report was signed.",
};

/**
 * The target as a stopped (cancelled or failed) run leaves it, table by table, for the run log: which tables
 * are complete, which hold whole key ranges only, which are empty.
 */
export async function describeTargetState(runId: string): Promise<string> {
  const { rows: run } = await db().execute<{ phase: string }>(
    sql`SELECT phase FROM runs WHERE id = ${runId}`,
  );
  const phase = run[0]?.phase ?? "queued";
  if (["queued", "preflight", "schema"].includes(phase)) return `Target state: ${PHASE_NOTE[phase]}`;
  const { rows } = await db().execute<TableRow>(sql`
    SELECT t.name, t.status,
           count(c.seq)::int AS chunks,
           (count(c.seq) FILTER (WHERE c.status = 'done'))::int AS done
      FROM run_tables t
      LEFT JOIN run_chunks c ON c.run_id = t.run_id AND c.table_name = t.name
     WHERE t.run_id = ${runId}
     GROUP BY t.name, t.status, t.position
     ORDER BY t.position`);
  const complete = rows.filter((t) => COPIED.has(t.status) || (t.chunks > 0 && t.done === t.chunks));
  const partial = rows.filter((t) => !complete.includes(t) && t.done > 0);
  const empty = rows.filter((t) => !complete.includes(t) && !partial.includes(t));
  const parts = [
    `${complete.length} of ${rows.length} table(s) complete${complete.length ? ` (${complete.map((t) => t.name).join(", ")})` : ""}`,
    ...(partial.length
      ? [
          `partly copied, in whole key ranges only: ${partial.map((t) => `${t.name} (${t.done} of ${t.chunks} ranges)`).join(", ")}`,
        ]
      : []),
    ...(empty.length
      ? [`empty, their copy rolled back or not started: ${empty.map((t) => t.name).join(", ")}`]
      : []),
  ];
  return `Target state: ${parts.join("; ")}.${PHASE_NOTE[phase] ? ` ${PHASE_NOTE[phase]}` : ""}`;
}
