import type pg from "pg";
import type { IfTargetExists } from "@/contracts/migrations";
import { DomainError } from "@/server/errors";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { MigrationPlan } from "@/server/plan/build-plan";
import { createTableSql } from "./target-ddl";

export async function existingTargetTables(client: pg.Client, plan: MigrationPlan): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r','p','v','m','f')`,
    [plan.schema, plan.tables.map((t) => t.target)],
  );
  return rows.map((r) => r.relname);
}

/**
 * Pre-data in one transaction: either every table exists afterwards or none was touched.
 * With ifExists "fail", an existing table stops the run before anything is written.
 */
export async function prepareTarget(
  client: pg.Client,
  plan: MigrationPlan,
  ifExists: IfTargetExists,
): Promise<{ dropped: string[] }> {
  const existing = await existingTargetTables(client, plan);
  if (existing.length && ifExists === "fail")
    throw new DomainError(
      409,
      "target_tables_exist",
      `The target already has ${existing.length === 1 ? "a table" : "tables"} ${existing.map((n) => `"${plan.schema}"."${n}"`).join(", ")}. ` +
        `Nothing was written. Remove ${existing.length === 1 ? "it" : "them"}, pick another target schema, or set "If a target table exists" to "drop and recreate".`,
    );
  await client.query("BEGIN");
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(plan.schema)}`);
    for (const name of existing) await client.query(`DROP TABLE ${qualified(plan.schema, name)} CASCADE`);
    for (const t of plan.tables) await client.query(createTableSql(plan.schema, t));
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
  return { dropped: existing };
}
