import type pg from "pg";
import type { TableFingerprint } from "@/contracts/rollback";
import { qualified } from "@/server/plan/identifiers";

/** Row count and md5 of every row's text in byte order: equal fingerprints mean the same rows. */
export async function fingerprintTable(
  client: pg.Client,
  schema: string,
  name: string,
): Promise<TableFingerprint> {
  const { rows } = await client.query<{ rows: string; checksum: string }>(
    `SELECT count(*)::text AS rows, md5(coalesce(string_agg(r, E'\\n' ORDER BY r COLLATE "C"), '')) AS checksum
       FROM (SELECT t::text AS r FROM ${qualified(schema, name)} t) x`,
  );
  return { schema, name, rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
}
