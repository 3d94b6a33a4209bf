import type { ConnectionTestResult } from "@/contracts/connections";
import { DomainError } from "@/server/errors";
import { connectPg } from "./connect";
import type { PgConnectionSettings } from "./pg-config";

const MIN_TARGET_MAJOR = 13;

/** What a DBA needs to know before this server receives a migration: who we are and what is missing. */
export async function testPostgres(settings: PgConnectionSettings): Promise<ConnectionTestResult> {
  const base = {
    engine: "postgres" as const,
    testedAt: new Date().toISOString(),
    notes: [] as string[],
  };
  let client;
  try {
    client = await connectPg(settings, "ferry-test");
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return {
      ...base,
      ok: false,
      serverVersion: null,
      currentUser: null,
      database: settings.database,
      encoding: null,
      sizeBytes: null,
      tableCount: null,
      canBeTarget: false,
      problems: [err.message],
    };
  }
  try {
    const { rows } = await client.query<{
      version: string;
      num: string;
      user: string;
      db: string;
      encoding: string;
      size: string;
      can_create_db: boolean;
      can_connect: boolean;
      can_create_schema: boolean | null;
      superuser: boolean;
      tables: string;
      in_recovery: boolean;
      ssl: boolean | null;
    }>(`
      SELECT current_setting('server_version') AS version,
             current_setting('server_version_num') AS num,
             current_user AS user,
             current_database() AS db,
             pg_encoding_to_char(d.encoding) AS encoding,
             pg_database_size(d.oid)::text AS size,
             has_database_privilege(current_database(), 'CREATE') AS can_create_db,
             has_database_privilege(current_database(), 'CONNECT') AS can_connect,
             CASE WHEN to_regnamespace('public') IS NULL THEN NULL ELSE has_schema_privilege('public', 'CREATE') END AS can_create_schema,
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
             (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%')::text AS tables,
             pg_is_in_recovery() AS in_recovery,
             (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl
      FROM pg_database d WHERE d.datname = current_database()`);
    const r = rows[0]!;
    const problems: string[] = [];
    const notes = base.notes;
    const major = Math.floor(Number(r.num) / 10000);
    if (major < MIN_TARGET_MAJOR)
      problems.push(
        `PostgreSQL ${r.version} is older than ${MIN_TARGET_MAJOR}, the oldest target Ferry supports. Upgrade the target server.`,
      );
    if (r.in_recovery)
      problems.push(`This server is a read-only standby (in recovery). Point the target at the primary.`);
    if (!r.can_create_db && !r.superuser)
      problems.push(
        `User "${r.user}" has no CREATE privilege on database "${r.db}", so Ferry cannot create schemas. Run: GRANT CREATE ON DATABASE "${r.db}" TO "${r.user}";`,
      );
    if (r.can_create_schema === false && !r.superuser)
      problems.push(
        `User "${r.user}" has no CREATE privilege on schema public, so Ferry cannot create tables there. Run: GRANT CREATE ON SCHEMA public TO "${r.user}"; (or choose another target schema).`,
      );
    if (r.encoding !== "UTF8")
      notes.push(
        `The database encoding is ${r.encoding}, not UTF8: text that the encoding cannot hold will fail to load.`,
      );
    const local = ["localhost", "127.0.0.1", "::1"].includes(settings.host);
    if (!r.ssl && !local)
      notes.push(
        `The connection is not encrypted. Use sslmode=require (or verify-full) for a server that is not on this machine.`,
      );
    if (r.superuser)
      notes.push(`User "${r.user}" is a superuser; a dedicated migration role with CREATE is safer.`);
    if (Number(r.tables) > 0) notes.push(`The database already holds ${r.tables} table(s).`);
    return {
      ...base,
      ok: problems.length === 0,
      serverVersion: `PostgreSQL ${r.version}`,
      currentUser: r.user,
      database: r.db,
      encoding: r.encoding,
      sizeBytes: Number(r.size),
      tableCount: Number(r.tables),
      canBeTarget: problems.length === 0,
      problems,
    };
  } finally {
    await client.end();
  }
}
