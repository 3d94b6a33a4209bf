import type pg from "pg";

/** The server's major version (15 for 15.4), as the version checks and the binary-COPY choice compare it. */
export async function readServerMajor(c: Pick<pg.ClientBase, "query">): Promise<number> {
  const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]!.v) / 10000);
}
