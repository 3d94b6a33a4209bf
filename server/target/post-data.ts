import type pg from "pg";
import type { CatalogForeignKey, CatalogIndex } from "@/server/catalog/catalog";
import { derivedName, qualified, quoteIdent } from "@/server/plan/identifiers";
import type { MigrationPlan, TablePlan } from "@/server/plan/build-plan";
import type { ClientPool } from "./client-pool";
import { foreignKeyStatement } from "./fk-by-merge";
import { foreignKeyName, foreignKeySql, identityResetSql } from "./target-ddl";

const fits = (name: string) => Buffer.byteLength(name) <= 63;

export function primaryKeyIndexName(t: TablePlan): string {
  return derivedName("pk", `${t.target}_pkey`);
}

function indexName(t: TablePlan, ix: CatalogIndex, n: number): string {
  if (!ix.name.startsWith("sqlite_autoindex") && fits(ix.name)) return ix.name;
  const base = `${t.target}_${ix.columns.join("_")}_${ix.unique ? "key" : "idx"}`;
  return fits(base) ? base : derivedName(`ix${n}`, `${base}\0${n}`);
}

type IndexBuild = { name: string; sql: string };

/** Every index of a table, the primary key's included; IF NOT EXISTS makes a resumed run skip finished ones. */
export function tableIndexBuilds(schema: string, t: TablePlan): IndexBuild[] {
  const table = qualified(schema, t.target);
  const cols = (names: readonly string[], prefixes: readonly (number | null)[] = []) =>
    names
      .map((n, i) =>
        prefixes[i] ? `(substring(${quoteIdent(n)} from 1 for ${prefixes[i]}))` : quoteIdent(n),
      )
      .join(", ");
  const builds: IndexBuild[] = [];
  if (t.primaryKey) {
    const name = primaryKeyIndexName(t);
    builds.push({
      name,
      sql: `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${table} (${cols(t.primaryKey)})`,
    });
  }
  t.indexes.forEach((ix, n) => {
    const name = indexName(t, ix, n);
    builds.push({
      name,
      sql: `CREATE ${ix.unique ? "UNIQUE " : ""}INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${table} (${cols(ix.columns, ix.prefixLengths)})`,
    });
  });
  return builds;
}

/**
 * Builds a table's indexes side by side (CREATE INDEX takes a SHARE lock, so they do not block each other),
 * then promotes the key's index to the PRIMARY KEY, which costs nothing more, and resets the identity.
 */
export async function buildTableKeys(pool: ClientPool, schema: string, t: TablePlan): Promise<void> {
  const builds = tableIndexBuilds(schema, t);
  try {
    await Promise.all(builds.map((b) => pool.run((c) => c.query(b.sql))));
    await pool.run(async (c) => {
      if (t.primaryKey) {
        const table = qualified(schema, t.target);
        const exists = await c.query(
          "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'p'",
          [table],
        );
        if (!exists.rowCount) {
          const name = quoteIdent(primaryKeyIndexName(t));
          await c.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} PRIMARY KEY USING INDEX ${name}`);
        }
      }
      const reset = identityResetSql(schema, t);
      if (reset) await c.query(reset);
    });
  } catch (err) {
    throw new Error(`Building keys and indexes of "${t.target}" failed: ${(err as Error).message}`);
  }
}

export type ForeignKeyOutcome = { table: string; name: string; valid: boolean; problem: string | null };

/**
 * Foreign keys once every table has its keys: all added NOT VALID on one connection (catalog only, no lock
 * cycles), then validated in parallel per child table. Rows the source never checked (SQLite enforces FKs
 * only when asked) leave the constraint in place, unvalidated, and reported.
 */
export async function buildForeignKeys(pool: ClientPool, plan: MigrationPlan): Promise<ForeignKeyOutcome[]> {
  const added: { t: TablePlan; fk: CatalogForeignKey; name: string }[] = [];
  const outcomes: ForeignKeyOutcome[] = [];
  await pool.run(async (c) => {
    for (const t of plan.tables) {
      for (const [n, fk] of t.foreignKeys.entries()) {
        const name = foreignKeyName(t, fk, n);
        const table = qualified(plan.schema, t.target);
        const existing = await c.query<{ convalidated: boolean }>(
          "SELECT convalidated FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2",
          [table, name],
        );
        if (existing.rows[0]?.convalidated) {
          outcomes.push({ table: t.target, name, valid: true, problem: null });
          continue;
        }
        if (!existing.rowCount) {
          try {
            await c.query(foreignKeySql(plan.schema, t, fk, name));
          } catch (err) {
            outcomes.push({
              table: t.target,
              name,
              valid: false,
              problem: `could not be created: ${(err as Error).message}`,
            });
            continue;
          }
        }
        added.push({ t, fk, name });
      }
    }
  });
  const byTable = new Map<string, typeof added>();
  for (const a of added) byTable.set(a.t.target, [...(byTable.get(a.t.target) ?? []), a]);
  await Promise.all(
    [...byTable.values()].map((group) =>
      pool.run(async (c) => {
        for (const { t, fk, name } of group) {
          try {
            const sql = `ALTER TABLE ${qualified(plan.schema, t.target)} VALIDATE CONSTRAINT ${quoteIdent(name)}`;
            const parent = plan.tables.find((p) => p.target === fk.refTable);
            await c.query(
              await foreignKeyStatement(
                c,
                { sql, indexedBothSides: indexedBothSides(t, fk, parent) },
                [t.target, fk.refTable].map((target) => ({ schema: plan.schema, target })),
              ),
            );
            outcomes.push({ table: t.target, name, valid: true, problem: null });
          } catch (err) {
            outcomes.push({
              table: t.target,
              name,
              valid: false,
              problem: `left NOT VALID: ${(err as Error).message}`,
            });
          }
        }
      }),
    ),
  );
  return outcomes;
}

/**
 * The FK's columns lead one of the child's indexes, and the parent's key (or a unique index) lists the
 * referenced columns in the same order: its validation can merge the two indexes (see foreignKeyStatement).
 */
export function indexedBothSides(child: TablePlan, fk: CatalogForeignKey, parent?: TablePlan): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((c, i) => c === b[i]);
  // Indexes on column prefixes (MySQL) cannot be read in the columns' order.
  const indexed = (p: TablePlan, uniqueOnly: boolean) => [
    ...(p.primaryKey ? [p.primaryKey] : []),
    ...p.indexes
      .filter((ix) => (ix.unique || !uniqueOnly) && !ix.prefixLengths?.some((n) => n))
      .map((ix) => ix.columns),
  ];
  return (
    parent !== undefined &&
    indexed(child, false).some((cols) => same(cols.slice(0, fk.columns.length), fk.columns)) &&
    indexed(parent, true).some((cols) => same(cols, fk.refColumns))
  );
}

/** ANALYZE each table, side by side on the pool's sessions. */
export async function analyzeTables(
  pool: ClientPool,
  tables: readonly { schema: string; target: string }[],
): Promise<void> {
  await Promise.all(
    tables.map((t) => pool.run((c: pg.Client) => c.query(`ANALYZE ${qualified(t.schema, t.target)}`))),
  );
}
