import type pg from "pg";
import { scriptEntries } from "@/server/connectors/postgres/restore-script";
import { resetTargetSession } from "./session";

type ServerError = Error & { position?: string; detail?: string; hint?: string; where?: string };

/**
 * Runs a schema script (many statements) on a held target session, all or nothing: a simple-protocol query
 * runs its statements as one implicit transaction and stops at the first error. Then puts the session back
 * to Ferry's settings, since the script's SETs (an empty search_path, …) would outlive it.
 */
export async function applyScript(client: pg.Client, sql: string, what: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (err) {
    const entry = await failingEntry(client, sql).catch(() => null);
    throw new Error(
      `Applying the ${what} to the target failed, and none of it was kept: ${describe(err as ServerError, sql, entry)}`,
    );
  } finally {
    await resetTargetSession(client).catch(() => undefined);
  }
}

/**
 * Which of pg_restore's entries fails, found by replaying the script entry by entry in a transaction that
 * is rolled back: the server's error names a column or a type, seldom the statement.
 */
async function failingEntry(client: pg.Client, sql: string): Promise<string | null> {
  await client.query("BEGIN");
  try {
    for (const { entry, sql: part } of scriptEntries(sql)) {
      const failed = await client.query(part).then(
        () => false,
        () => true,
      );
      if (failed) return entry;
    }
    return null;
  } finally {
    await client.query("ROLLBACK");
  }
}

function describe(err: ServerError, sql: string, entry: string | null): string {
  const parts = [entry ? `${err.message}, in ${entry}` : err.message];
  if (err.position) {
    const before = sql.slice(0, Number(err.position) - 1);
    const line = before.split("\n").length;
    parts.push(`At line ${line} of the script: ${sql.split("\n")[line - 1]!.trim().slice(0, 200)}`);
  }
  if (err.detail) parts.push(err.detail);
  if (err.hint) parts.push(`Hint: ${err.hint}`);
  if (err.where) parts.push(`Context: ${err.where}`);
  return parts.join(". ");
}
