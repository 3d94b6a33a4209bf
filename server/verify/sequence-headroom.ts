import type pg from "pg";
import type { ReportCheckV1 } from "@/contracts/reports";
import type { MigrationPlan } from "@/server/plan/build-plan";
import { queryEach } from "@/server/connectors/postgres/query-each";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import { inGroups } from "@/server/util/in-groups";

const PER_ROUND_TRIP = 100;

/**
 * Every sequence that fills a column of a migrated table (serial or identity) must hand out a value past
 * the column's max: otherwise the application's next insert collides with a copied key.
 */
export async function sequenceHeadroomCheck(client: pg.Client, plan: MigrationPlan): Promise<ReportCheckV1> {
  const { rows } = await client.query<{
    seq: string;
    schema: string;
    table: string;
    column: string;
    increment: string;
  }>(
    `SELECT format('%I.%I', sn.nspname, s.relname) AS seq, n.nspname AS schema, c.relname AS table, a.attname AS column,
            ps.seqincrement::text AS increment
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
       JOIN pg_sequence ps ON ps.seqrelid = s.oid
       JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        AND (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY 1`,
    [plan.tables.map((t) => t.schema), plan.tables.map((t) => t.target)],
  );
  const bad: string[] = [];
  // A hundred sequences to a round trip, as separate statements of one query string: a schema of many
  // tables has as many sequences, and one statement over a hundred subqueries costs more to plan than all
  // of them run alone.
  for (const group of inGroups(rows, PER_ROUND_TRIP)) {
    // The sequence itself, not pg_sequences: that shows NULL after setval(…, false) until the next nextval.
    const replies = await queryEach<{ max: string | null; next: string }>(
      client,
      group.map(
        (r) =>
          `SELECT (SELECT max(${quoteIdent(r.column)})::text FROM ${qualified(r.schema, r.table)}) AS max,
                  (SELECT (CASE WHEN is_called THEN last_value + ${BigInt(r.increment)} ELSE last_value END)::text FROM ${r.seq}) AS next`,
      ),
    );
    for (const [k, r] of group.entries()) {
      const { max, next } = replies[k]![0]!;
      if (max === null || BigInt(r.increment) < 0n) continue;
      if (BigInt(next) <= BigInt(max))
        bad.push(`${r.seq} would hand out ${next}, but ${r.table}.${r.column} already holds up to ${max}`);
    }
  }
  return {
    name: "sequences: next value past the column's max",
    ok: bad.length === 0,
    detail: bad.length ? bad.join("; ") : `${rows.length} sequence(s) ahead of their column`,
  };
}
