import type { CatalogObject, CatalogObjectKind } from "@/contracts/rollback";
import { qualified, quoteIdent } from "@/server/plan/identifiers";

const keyOf = (o: CatalogObject) => `${o.kind}\u0000${o.schema ?? ""}\u0000${o.name}\u0000${o.args ?? ""}`;

/** Objects present after the run and absent before it: what the run (or its post-scripts) created. */
export function createdObjects(before: CatalogObject[], after: CatalogObject[]): CatalogObject[] {
  const had = new Set(before.map(keyOf));
  return after.filter((o) => !had.has(keyOf(o)));
}

// Dependents before what they depend on: views over tables, tables over sequences, functions and types,
// everything inside a schema before the schema, extensions last (their objects may be used by any of these).
const DROP_RANK: Record<CatalogObjectKind, number> = {
  "materialized view": 0,
  view: 0,
  "foreign table": 1,
  table: 1,
  index: 2,
  sequence: 3,
  function: 4,
  type: 5,
  domain: 5,
  schema: 6,
  extension: 7,
};

/**
 * Objects inside a schema the run created go with that schema, so they are left out; the rest are ordered
 * dependents first. Within a kind, later-created objects go first (the catalog lists them in creation order).
 */
export function dropOrder(created: CatalogObject[]): CatalogObject[] {
  const newSchemas = new Set(created.filter((o) => o.kind === "schema").map((o) => o.name));
  return created
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => o.schema === null || !newSchemas.has(o.schema))
    .sort((a, b) => DROP_RANK[a.o.kind] - DROP_RANK[b.o.kind] || b.i - a.i)
    .map(({ o }) => o);
}

/** CASCADE is safe here: the statement names an object the run created, never one that existed before. */
export function dropStatement(o: CatalogObject): string {
  const name = o.schema === null ? quoteIdent(o.name) : qualified(o.schema, o.name);
  // ROUTINE covers functions and procedures alike.
  const what = o.kind === "function" ? "ROUTINE" : o.kind.toUpperCase();
  const args = o.kind === "function" ? `(${o.args ?? ""})` : "";
  return `DROP ${what} IF EXISTS ${name}${args} CASCADE`;
}

export const describeObject = (o: CatalogObject) =>
  `${o.kind} ${o.schema === null ? o.name : `${o.schema}.${o.name}`}${o.kind === "function" ? `(${o.args ?? ""})` : ""}`;

/**
 * The statements that clear the way for the snapshot's restore, kind by kind, dependents first: at each
 * kind, what the run created (CASCADE) before the dumped relations, one DROP per kind without CASCADE.
 * Listed together, PostgreSQL drops those whatever their mutual dependencies; anything else still depending
 * on them stops the rollback before it changes anything.
 */
export function rollbackDropStatements(created: CatalogObject[], dumped: CatalogObject[]): string[] {
  const replaced = new Map<CatalogObjectKind, string[]>();
  for (const o of dropOrder(dumped)) {
    const names = replaced.get(o.kind) ?? [];
    names.push(qualified(o.schema!, o.name));
    replaced.set(o.kind, names);
  }
  return [
    ...dropOrder(created).map((o) => ({ rank: DROP_RANK[o.kind], sub: 0, sql: dropStatement(o) })),
    ...[...replaced].map(([kind, names]) => ({
      rank: DROP_RANK[kind],
      sub: 1,
      sql: `DROP ${kind.toUpperCase()} IF EXISTS ${names.join(", ")}`,
    })),
  ]
    .sort((a, b) => a.rank - b.rank || a.sub - b.sub)
    .map((s) => s.sql);
}
