import type Database from "better-sqlite3";
import type { Catalog, CatalogTable } from "@/server/catalog/catalog";
import { parseSqliteDefault } from "./parse-default";

export const quoteSqlite = (name: string) => `"${name.replaceAll('"', '""')}"`;

type ColumnInfo = {
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
};
type FkInfo = {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
};
type IndexInfo = { name: string; unique: number; origin: string; partial: number };

export function listTableNames(database: Database.Database): string[] {
  return (
    database
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

export function countRows(database: Database.Database, table: string): number {
  const row = database.prepare(`SELECT count(*) AS n FROM ${quoteSqlite(table)}`).get() as { n: number };
  return row.n;
}

function describeTable(database: Database.Database, name: string): CatalogTable {
  const columns = database.pragma(`table_info(${quoteSqlite(name)})`) as ColumnInfo[];
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  // SQLite's rowid alias: a single-column primary key declared exactly INTEGER.
  const autoKey = pk.length === 1 && pk[0]!.type.trim().toUpperCase() === "INTEGER" ? pk[0]!.name : null;

  const fkRows = database.pragma(`foreign_key_list(${quoteSqlite(name)})`) as FkInfo[];
  const byId = new Map<number, FkInfo[]>();
  for (const fk of fkRows) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
  const foreignKeys = [...byId.values()].map((parts) => {
    parts.sort((a, b) => a.seq - b.seq);
    const refTable = parts[0]!.table;
    const refPk = parts.some((p) => p.to === null)
      ? (database.pragma(`table_info(${quoteSqlite(refTable)})`) as ColumnInfo[])
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name)
      : [];
    return {
      columns: parts.map((p) => p.from),
      refTable,
      refColumns: parts.map((p, i) => p.to ?? refPk[i] ?? p.from),
      onDelete: parts[0]!.on_delete,
      onUpdate: parts[0]!.on_update,
    };
  });

  const indexes = (database.pragma(`index_list(${quoteSqlite(name)})`) as IndexInfo[])
    .filter((ix) => ix.origin !== "pk" && ix.partial === 0)
    .map((ix) => ({
      name: ix.name,
      unique: ix.unique === 1,
      columns: (
        database.pragma(`index_info(${quoteSqlite(ix.name)})`) as { seqno: number; name: string | null }[]
      )
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name),
    }))
    // Expression indexes (a null column) need the expression translated; they are left out and reported.
    .filter((ix): ix is { name: string; unique: boolean; columns: string[] } =>
      ix.columns.every((c) => c !== null),
    );

  return {
    schema: null,
    name,
    columns: columns.map((c) => ({
      name: c.name,
      declaredType: c.type,
      nullable: c.notnull === 0 && c.pk === 0,
      position: c.cid,
      ...defaultOf(c.dflt_value),
    })),
    primaryKey: pk.length ? pk.map((c) => c.name) : null,
    autoKey,
    foreignKeys,
    indexes,
    rowCount: countRows(database, name),
  };
}

export function introspectSqlite(database: Database.Database, only?: readonly string[]): Catalog {
  const names = listTableNames(database).filter((n) => !only || only.includes(n));
  return { tables: names.map((n) => describeTable(database, n)) };
}

const defaultOf = (dflt: string | null) => {
  const parsed = parseSqliteDefault(dflt);
  return parsed ? { default: parsed } : {};
};
