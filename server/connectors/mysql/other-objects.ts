import type { Connection, RowDataPacket } from "mysql2/promise";

export type TriggerRow = { name: string; table: string; timing: string; event: string };
export type RoutineRow = { name: string; type: string };

export type OtherObjects = {
  triggers: TriggerRow[];
  routines: RoutineRow[];
  events: string[];
  /** The connecting user's privileges on the database, global ones included (upper case). */
  privileges: Set<string>;
  /** Its global privileges alone: a global SELECT shows routines, a schema-level one does not. */
  globalPrivileges: Set<string>;
  user: string;
  database: string;
};

type Row = RowDataPacket & Record<string, unknown>;
const rows = async (conn: Connection, sql: string) => (await conn.query<Row[]>(sql))[0];

/**
 * Triggers, routines and events of the connection's database. MySQL lists only those the user has a
 * privilege for, so the user's privileges come along: a kind the user cannot see is reported as unchecked.
 */
export async function readOtherObjects(conn: Connection): Promise<OtherObjects> {
  const triggers = await rows(
    conn,
    `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl, ACTION_TIMING AS timing, EVENT_MANIPULATION AS ev
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME`,
  );
  const routines = await rows(
    conn,
    `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES
      WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_TYPE, ROUTINE_NAME`,
  );
  const events = await rows(
    conn,
    `SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME`,
  );
  // GRANTEE reads 'user'@'host'; CURRENT_USER() reads user@host.
  const grantee = `CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')`;
  const privileges = await rows(
    conn,
    `SELECT PRIVILEGE_TYPE AS p, 1 AS global FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ${grantee}
     UNION SELECT PRIVILEGE_TYPE, 0 FROM information_schema.SCHEMA_PRIVILEGES
      WHERE GRANTEE = ${grantee} AND TABLE_SCHEMA = DATABASE()`,
  );
  const [who] = await rows(conn, "SELECT CURRENT_USER() AS u, DATABASE() AS d");
  return {
    triggers: triggers.map((t) => ({
      name: String(t.name),
      table: String(t.tbl),
      timing: String(t.timing),
      event: String(t.ev),
    })),
    routines: routines.map((r) => ({ name: String(r.name), type: String(r.type) })),
    events: events.map((e) => String(e.name)),
    privileges: new Set(privileges.map((p) => String(p.p).toUpperCase())),
    globalPrivileges: new Set(
      privileges.filter((p) => Number(p.global) === 1).map((p) => String(p.p).toUpperCase()),
    ),
    user: String(who!.u),
    database: String(who!.d),
  };
}

/** One note per object that is not migrated, and one per kind the user's privileges hide from Ferry. */
export function otherObjectNotes(o: OtherObjects): string[] {
  const notes: string[] = [];
  const all = o.privileges.has("ALL PRIVILEGES");
  const sees = (...any: string[]) => all || any.some((p) => o.privileges.has(p));
  const grant = (privilege: string) =>
    `GRANT ${privilege} ON \`${o.database}\`.* TO the user to list them, or check as an administrator`;

  for (const t of o.triggers)
    notes.push(
      `Trigger "${t.name}" on table "${t.table}" (${t.timing} ${t.event}) is not migrated; recreate it in PL/pgSQL (a trigger function and CREATE TRIGGER).`,
    );
  if (!sees("TRIGGER"))
    notes.push(
      `Triggers could not be checked: user ${o.user} lacks the TRIGGER privilege, so MySQL hides them. Any trigger is not migrated; ${grant("TRIGGER")} (SHOW TRIGGERS).`,
    );
  for (const r of o.routines)
    notes.push(
      `Stored ${r.type.toLowerCase()} "${r.name}" is not migrated; recreate it in PL/pgSQL (CREATE ${r.type === "FUNCTION" ? "FUNCTION" : "PROCEDURE"}).`,
    );
  if (!sees("EXECUTE", "ALTER ROUTINE", "CREATE ROUTINE") && !o.globalPrivileges.has("SELECT"))
    notes.push(
      `Stored procedures and functions could not be checked: user ${o.user} has no routine privilege, so MySQL hides them. Any routine is not migrated; ${grant("EXECUTE")} (SHOW PROCEDURE STATUS, SHOW FUNCTION STATUS).`,
    );
  for (const e of o.events)
    notes.push(
      `Event "${e}" is not migrated; recreate the scheduled job outside MySQL (pg_cron, or the system's scheduler).`,
    );
  if (!sees("EVENT"))
    notes.push(
      `Events could not be checked: user ${o.user} lacks the EVENT privilege, so MySQL hides them. Any event is not migrated; ${grant("EVENT")} (SHOW EVENTS).`,
    );
  return notes;
}
