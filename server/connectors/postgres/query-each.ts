import type pg from "pg";

/**
 * Several parameterless statements in one round trip (one simple-protocol query string), each statement's
 * rows in order: for checks that ask one small question per table of a schema of thousands.
 */
export async function queryEach<R extends pg.QueryResultRow>(
  client: pg.Client,
  statements: readonly string[],
): Promise<R[][]> {
  if (!statements.length) return [];
  // pg answers a query string of several statements with one result each, of one with a single result.
  const answer = (await client.query<R>(statements.map((s) => `${s};`).join("\n"))) as unknown as
    pg.QueryResult<R> | pg.QueryResult<R>[];
  return (Array.isArray(answer) ? answer : [answer]).map((r) => r.rows);
}
