import type { Connection, RowDataPacket } from "mysql2/promise";
import type { Catalog, CatalogForeignKey, CatalogIndex, CatalogTable } from "@/server/catalog/catalog";
import { DomainError } from "@/server/errors";
import { otherObjectNotes, readOtherObjects } from "./other-objects";
import { parseMysqlDefault } from "./parse-default";

export const quoteMysql = (name: string) => `\`${name.replaceAll("`", "``")}\``;

const DATES = new Set(["date", "datetime", "timestamp"]);
const JSON_CHECK = /^json_valid\(`((?:[^`]|``)+)`\)$/i;

type Row = RowDataPacket & Record<string, unknown>;
const rows = async (conn: Connection, sql: string, params: unknown[] = []) =>
  (await conn.query<Row[]>(sql, params))[0];

/** Tables, views and other objects of the connection's database, by name. */
export async function listObjects(conn: Connection): Promise<{ name: string; type: string }[]> {
  return (
    await rows(
      conn,
      `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
    )
  ).map((r) => ({ name: String(r.name), type: String(r.type) }));
}

export const isTable = (type: string) => type === "BASE TABLE" || type === "SYSTEM VERSIONED";

export async function countRows(conn: Connection, table: string): Promise<number> {
  const [r] = await rows(conn, `SELECT COUNT(*) AS n FROM ${quoteMysql(table)}`);
  return Number(r!.n);
}

/** MariaDB stores JSON as LONGTEXT with a json_valid() CHECK; those columns are JSON. */
async function mariadbJsonColumns(conn: Connection): Promise<Set<string>> {
  const found = new Set<string>();
  try {
    for (const r of await rows(
      conn,
      `SELECT TABLE_NAME AS t, CHECK_CLAUSE AS c FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
    )) {
      const m = JSON_CHECK.exec(String(r.c));
      if (m) found.add(`${String(r.t)}\0${m[1]!.replaceAll("``", "`")}`);
    }
  } catch {
    // MySQL's CHECK_CONSTRAINTS has no TABLE_NAME; MySQL has a real JSON type anyway.
  }
  return found;
}

/**
 * The catalog of the connection's database (BASE TABLEs only). Declared types are COLUMN_TYPE, plus
 * " auto_increment"; MariaDB's JSON columns read "json". Zero dates are counted here, so the run can say
 * what becomes NULL before it writes, and refuse NOT NULL columns that hold them.
 */
export async function introspectMysql(conn: Connection, only?: readonly string[]): Promise<Catalog> {
  const objects = await listObjects(conn);
  const names = objects.filter((o) => isTable(o.type) && (!only || only.includes(o.name))).map((o) => o.name);
  const notes: string[] = [];
  const views = objects.filter((o) => o.type === "VIEW").map((o) => `"${o.name}"`);
  if (views.length)
    notes.push(`View(s) ${views.join(", ")} are not migrated: Ferry copies tables; recreate views by hand.`);
  const others = objects.filter((o) => !isTable(o.type) && o.type !== "VIEW");
  if (others.length)
    notes.push(`Not migrated: ${others.map((o) => `"${o.name}" (${o.type.toLowerCase()})`).join(", ")}.`);
  notes.push(...otherObjectNotes(await readOtherObjects(conn)));
  if (!names.length) return { tables: [], notes };

  const json = await mariadbJsonColumns(conn);
  const cols = await rows(
    conn,
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, ORDINAL_POSITION AS pos, COLUMN_TYPE AS type,
            DATA_TYPE AS dataType, IS_NULLABLE AS nullable, EXTRA AS extra, COLUMN_DEFAULT AS dflt
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [names],
  );
  const stats = await rows(
    conn,
    `SELECT TABLE_NAME AS t, INDEX_NAME AS ix, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq,
            COLUMN_NAME AS col, SUB_PART AS subPart, INDEX_TYPE AS kind
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [names],
  );
  const fks = await rows(
    conn,
    `SELECT k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col,
            k.REFERENCED_TABLE_SCHEMA AS refSchema, k.REFERENCED_TABLE_NAME AS refTable,
            k.REFERENCED_COLUMN_NAME AS refCol, r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
        AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME IN (?) AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [names],
  );
  const [server] = await rows(conn, "SELECT DATABASE() AS d, VERSION() AS v");
  const database = String(server!.d);
  const mariadb = /mariadb/i.test(String(server!.v));

  const tables: CatalogTable[] = [];
  const refused: string[] = [];
  for (const name of names) {
    const columns = cols.filter((c) => c.t === name);
    const auto = columns.find((c) => /auto_increment/i.test(String(c.extra)));
    const indexRows = stats.filter((s) => s.t === name);
    const byIndex = new Map<string, Row[]>();
    for (const s of indexRows) byIndex.set(String(s.ix), [...(byIndex.get(String(s.ix)) ?? []), s]);
    const primary = byIndex.get("PRIMARY");
    const indexes: CatalogIndex[] = [];
    for (const [ix, parts] of byIndex) {
      if (ix === "PRIMARY") continue;
      const kind = String(parts[0]!.kind);
      if (kind === "FULLTEXT" || kind === "SPATIAL" || parts.some((p) => p.col === null)) {
        notes.push(
          `Index "${ix}" on "${name}" (${kind === "BTREE" ? "functional" : kind.toLowerCase()}) is not migrated: PostgreSQL needs a different kind of index for it.`,
        );
        continue;
      }
      const prefixes = parts.map((p) => (p.subPart === null ? null : Number(p.subPart)));
      indexes.push({
        name: ix,
        columns: parts.map((p) => String(p.col)),
        unique: Number(parts[0]!.nonUnique) === 0,
        ...(prefixes.some((p) => p !== null) && { prefixLengths: prefixes }),
      });
    }
    const byFk = new Map<string, Row[]>();
    for (const f of fks.filter((f) => f.t === name))
      byFk.set(String(f.name), [...(byFk.get(String(f.name)) ?? []), f]);
    const foreignKeys: CatalogForeignKey[] = [];
    for (const [fk, parts] of byFk) {
      if (parts[0]!.refSchema !== database) {
        notes.push(
          `Foreign key "${fk}" of "${name}" points into another database ("${String(parts[0]!.refSchema)}") and is left out.`,
        );
        continue;
      }
      foreignKeys.push({
        columns: parts.map((p) => String(p.col)),
        refTable: String(parts[0]!.refTable),
        refColumns: parts.map((p) => String(p.refCol)),
        onDelete: String(parts[0]!.onDelete),
        onUpdate: String(parts[0]!.onUpdate),
      });
    }

    const catalogColumns = columns.map((c) => {
      const dflt = parseMysqlDefault(
        { columnDefault: c.dflt === null ? null : String(c.dflt), extra: String(c.extra) },
        mariadb,
      );
      return {
        name: String(c.name),
        declaredType: json.has(`${name}\0${String(c.name)}`)
          ? "json"
          : `${String(c.type)}${c === auto ? " auto_increment" : ""}`,
        nullable: c.nullable === "YES",
        position: Number(c.pos),
        ...(dflt && { default: dflt }),
      };
    });
    const dateColumns = columns.filter((c) => DATES.has(String(c.dataType)));
    if (dateColumns.length) {
      const counts = (
        await rows(
          conn,
          `SELECT ${dateColumns
            .map((c) => {
              const q = quoteMysql(String(c.name));
              return `COALESCE(SUM(${q} IS NOT NULL AND (YEAR(${q}) = 0 OR MONTH(${q}) = 0 OR DAYOFMONTH(${q}) = 0)), 0)`;
            })
            .join(", ")} FROM ${quoteMysql(name)}`,
        )
      )[0];
      dateColumns.forEach((c, i) => {
        const n = Number(Object.values(counts ?? {})[i] ?? 0);
        if (!n) return;
        if (c.nullable === "YES")
          notes.push(
            `Table "${name}": ${n} zero date(s) in column "${String(c.name)}" ('0000-00-00…', which PostgreSQL cannot store) become NULL.`,
          );
        else
          refused.push(
            `Table "${name}": column "${String(c.name)}" is NOT NULL and holds ${n} zero date(s) ('0000-00-00…'), which PostgreSQL cannot store.`,
          );
      });
    }

    tables.push({
      schema: null,
      name,
      columns: catalogColumns,
      primaryKey: primary ? primary.map((p) => String(p.col)) : null,
      autoKey: auto ? String(auto.name) : null,
      foreignKeys,
      indexes,
      rowCount: await countRows(conn, name),
    });
  }
  if (refused.length)
    throw new DomainError(
      400,
      "zero_dates",
      `${refused.join(" ")} Nothing was written. Replace them with real dates or NULL in the source (UPDATE … SET col = NULL WHERE col = '0000-00-00' after allowing NULL), or leave the table out of the migration.`,
    );
  return { tables, notes };
}
