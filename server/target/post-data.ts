import type pg from "pg";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { MigrationPlan, TablePlan } from "@/server/plan/build-plan";
import { foreignKeyName, foreignKeySql, identityResetSql, indexSql, primaryKeySql } from "./target-ddl";

/** Keys and indexes of one table in one transaction: a retry after a crash finds all or nothing. */
export async function buildTableKeys(client: pg.Client, schema: string, t: TablePlan): Promise<void> {
  if (await keysAlreadyBuilt(client, schema, t)) return;
  await client.query("BEGIN");
  try {
    const pk = primaryKeySql(schema, t);
    if (pk) await client.query(pk);
    for (const ix of t.indexes) await client.query(indexSql(schema, t, ix));
    const reset = identityResetSql(schema, t);
    if (reset) await client.query(reset);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new Error(`Building keys and indexes of "${t.target}" failed: ${(err as Error).message}`);
  }
}

export type ForeignKeyOutcome = { table: string; name: string; valid: boolean; problem: string | null };

/**
 * Foreign keys once every table has its keys. Added NOT VALID, then validated: rows the source never
 * checked (SQLite enforces FKs only when asked) leave the constraint in place, unvalidated, and reported.
 */
export async function buildForeignKeys(client: pg.Client, plan: MigrationPlan): Promise<ForeignKeyOutcome[]> {
  const outcomes: ForeignKeyOutcome[] = [];
  for (const t of plan.tables) {
    for (const [n, fk] of t.foreignKeys.entries()) {
      const name = foreignKeyName(t, fk, n);
      await client.query(
        `ALTER TABLE ${qualified(plan.schema, t.target)} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`,
      );
      try {
        await client.query(foreignKeySql(plan.schema, t, fk, name));
      } catch (err) {
        outcomes.push({
          table: t.target,
          name,
          valid: false,
          problem: `could not be created: ${(err as Error).message}`,
        });
        continue;
      }
      try {
        await client.query(
          `ALTER TABLE ${qualified(plan.schema, t.target)} VALIDATE CONSTRAINT ${quoteIdent(name)}`,
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
  }
  return outcomes;
}

export async function analyzeTables(client: pg.Client, plan: MigrationPlan): Promise<void> {
  for (const t of plan.tables) await client.query(`ANALYZE ${qualified(plan.schema, t.target)}`);
}

/** A resumed run must not build a key twice; the per-table transaction makes "any index" mean "all of them". */
async function keysAlreadyBuilt(client: pg.Client, schema: string, t: TablePlan): Promise<boolean> {
  if (!t.primaryKey && t.indexes.length === 0) return false;
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_index WHERE indrelid = to_regclass($1)",
    [qualified(schema, t.target)],
  );
  return rows[0]!.n > 0;
}
