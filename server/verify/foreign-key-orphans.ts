import type pg from "pg";
import type { ReportCheckV1 } from "@/contracts/reports";
import type { MigrationPlan, TablePlan } from "@/server/plan/build-plan";
import { queryEach } from "@/server/connectors/postgres/query-each";
import { qualified, quoteIdent } from "@/server/plan/identifiers";

/** A foreign key by target names: the plan's (what the source declared) or one found on the target. */
export type TargetForeignKey = {
  schema: string;
  table: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  /** The child's primary key columns, to name orphan rows by. */
  key: string[];
};

const SAMPLES = 5;

const targetCol = (t: TablePlan, source: string) =>
  t.columns.find((c) => c.source === source)?.target ?? source;

/** The plan's foreign keys, then any others on the target's tables (constraints NOT VALID included). */
export async function foreignKeysToCheck(
  client: pg.Client,
  plan: MigrationPlan,
): Promise<TargetForeignKey[]> {
  const keyOf = (t: TablePlan) => (t.primaryKey ?? []).map((k) => targetCol(t, k));
  const fks: TargetForeignKey[] = [];
  for (const t of plan.tables)
    for (const fk of t.foreignKeys) {
      const parent = plan.tables.find((p) => p.source.name === fk.refTable && p.schema === t.schema);
      if (!parent) continue;
      fks.push({
        schema: t.schema,
        table: t.target,
        columns: fk.columns.map((c) => targetCol(t, c)),
        refSchema: parent.schema,
        refTable: parent.target,
        refColumns: fk.refColumns.map((c) => targetCol(parent, c)),
        key: keyOf(t),
      });
    }
  const { rows } = await client.query<{
    schema: string;
    table: string;
    columns: string[];
    ref_schema: string;
    ref_table: string;
    ref_columns: string[];
  }>(
    `SELECT n.nspname AS schema, c.relname AS table,
            array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o) AS columns,
            rn.nspname AS ref_schema, rc.relname AS ref_table,
            array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) AS ref_columns
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class rc ON rc.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE k.contype = 'f' AND (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY 1, 2, k.conname`,
    [plan.tables.map((t) => t.schema), plan.tables.map((t) => t.target)],
  );
  const id = (f: Pick<TargetForeignKey, "schema" | "table" | "columns" | "refSchema" | "refTable">) =>
    JSON.stringify([f.schema, f.table, f.columns, f.refSchema, f.refTable]);
  const known = new Set(fks.map(id));
  for (const r of rows) {
    const fk = {
      schema: r.schema,
      table: r.table,
      columns: r.columns,
      refSchema: r.ref_schema,
      refTable: r.ref_table,
      refColumns: r.ref_columns,
    };
    if (known.has(id(fk))) continue;
    known.add(id(fk));
    const t = plan.tables.find((p) => p.schema === r.schema && p.target === r.table);
    fks.push({ ...fk, key: t ? keyOf(t) : [] });
  }
  return fks;
}

/** The first few child rows whose (non-NULL) foreign key values match no parent row, and their count. */
function orphanSql(fk: TargetForeignKey): string {
  const cols = fk.columns.map((c) => `c.${quoteIdent(c)}`);
  const match = fk.columns
    .map((c, i) => `p.${quoteIdent(fk.refColumns[i]!)} = c.${quoteIdent(c)}`)
    .join(" AND ");
  return `SELECT count(*) OVER ()::text AS n, concat_ws(', ', ${shownColumns(fk)
    .map((c) => `c.${quoteIdent(c)}::text`)
    .join(", ")}) AS k
       FROM ${qualified(fk.schema, fk.table)} AS c
      WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(" AND ")}
        AND NOT EXISTS (SELECT 1 FROM ${qualified(fk.refSchema, fk.refTable)} AS p WHERE ${match})
      LIMIT ${SAMPLES}`;
}

const shownColumns = (fk: TargetForeignKey) => (fk.key.length ? fk.key : fk.columns);

/**
 * Each FK's orphan check, all in one round trip (separate statements of one query string): a schema of many
 * small tables has as many FKs, each a round trip of its own otherwise.
 */
export async function orphanChecks(
  client: pg.Client,
  fks: readonly TargetForeignKey[],
): Promise<ReportCheckV1[]> {
  const replies = await queryEach<{ n: string; k: string }>(client, fks.map(orphanSql));
  return fks.map((fk, i) => {
    const rows = replies[i]!;
    const n = Number(rows[0]?.n ?? 0);
    return {
      name: `foreign key orphans: ${fk.table}(${fk.columns.join(", ")}) → ${fk.refTable}(${fk.refColumns.join(", ")})`,
      ok: n === 0,
      detail: n
        ? `${n} row(s) of ${fk.table} point at no ${fk.refTable} row; e.g. ${shownColumns(fk).join(", ")} = ${rows.map((r) => r.k).join("; ")}`
        : `every ${fk.table} row has its ${fk.refTable} row`,
    };
  });
}
