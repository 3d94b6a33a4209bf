import type { Connection, RowDataPacket } from "mysql2/promise";
import type { ConnectionTestResult } from "@/contracts/connections";
import { isLocalHost, type MysqlConnectionSettings } from "./mysql-config";
import { isTable, listObjects, quoteMysql } from "./introspect";

const SPATIAL =
  "('geometry','point','linestring','polygon','multipoint','multilinestring','multipolygon','geometrycollection','geomcollection')";

/** What a DBA needs to know before reading this database: which server, who we are, what we cannot read. */
export async function testMysql(
  conn: Connection,
  settings: MysqlConnectionSettings,
): Promise<ConnectionTestResult> {
  const [[info]] = await conn.query<RowDataPacket[]>(
    `SELECT VERSION() AS version, @@version_comment AS comment, CURRENT_USER() AS user, DATABASE() AS db,
            @@character_set_database AS charset,
            (SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES
              WHERE TABLE_SCHEMA = DATABASE()) AS size`,
  );
  const [[tls]] = await conn.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
  const version = String(info!.version);
  const mariadb = /mariadb/i.test(`${version} ${String(info!.comment)}`);
  const user = String(info!.user);
  const [name, host] = user.split("@");
  const grantee = `'${name}'@'${host ?? "%"}'`;
  const objects = await listObjects(conn);
  const tables = objects.filter((o) => isTable(o.type));
  const problems: string[] = [];
  const notes: string[] = [];

  const denied: string[] = [];
  for (const t of tables) {
    try {
      await conn.query(`SELECT * FROM ${quoteMysql(t.name)} LIMIT 0`);
    } catch {
      denied.push(t.name);
    }
  }
  if (denied.length)
    problems.push(
      `User ${grantee} cannot SELECT from ${denied.length} table(s) of "${settings.database}" (${denied
        .slice(0, 5)
        .map((d) => `"${d}"`)
        .join(
          ", ",
        )}${denied.length > 5 ? ", …" : ""}). Run: GRANT SELECT, SHOW VIEW ON \`${settings.database}\`.* TO ${grantee};`,
    );
  if (tables.length === 0)
    problems.push(
      `Database "${settings.database}" holds no tables this user can see: there is nothing to migrate.`,
    );

  const views = objects.filter((o) => o.type === "VIEW");
  if (views.length) notes.push(`${views.length} view(s) are listed but not migrated: Ferry copies tables.`);
  const [spatial] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE IN ${SPATIAL} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  if (spatial.length)
    notes.push(
      `Spatial columns are not supported yet: ${spatial
        .map((s) => `"${String(s.t)}"."${String(s.c)}" (${String(s.d)})`)
        .join(", ")}. Exclude those tables or convert the columns.`,
    );
  const [engines] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, ENGINE AS e FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND ENGINE <> 'InnoDB'`,
  );
  if (engines.length)
    notes.push(
      `${engines.length} table(s) are not InnoDB (${[...new Set(engines.map((e) => String(e.e)))].join(", ")}): they have no consistent reads, so stop writes to them during the migration.`,
    );
  if (!tls?.Value && !isLocalHost(settings.host))
    notes.push(
      `The connection is not encrypted. Use TLS mode "require" (or verify-full) for a remote server.`,
    );
  if (name === "root") notes.push(`Connected as root; a dedicated read-only user (GRANT SELECT) is safer.`);
  return {
    ok: problems.length === 0,
    engine: "mysql",
    serverVersion: `${mariadb ? "MariaDB" : "MySQL"} ${version.replace(/-MariaDB.*$/i, "")}`,
    currentUser: user,
    database: String(info!.db),
    encoding: String(info!.charset),
    sizeBytes: Number(info!.size),
    tableCount: tables.length,
    canBeTarget: false,
    problems,
    notes,
    testedAt: new Date().toISOString(),
  };
}
