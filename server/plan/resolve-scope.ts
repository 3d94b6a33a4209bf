import type { MigrationOptions } from "@/contracts/migrations";
import { tableKey, type Catalog } from "@/server/catalog/catalog";
import type { SchemaScope } from "@/server/connectors/postgres/scope";

export type ResolvedScope = { scope: SchemaScope; tables: string[] };

/**
 * Turns a migration's choices (tables to include; schemas in or out; tables out) into the tables to copy and
 * the scope the schema restore follows. Names are matched against the source's catalog, never re-parsed.
 */
export function resolveScope(
  catalog: Catalog,
  selected: readonly string[] | null,
  options: Pick<MigrationOptions, "includeSchemas" | "excludeSchemas" | "excludeTables">,
): ResolvedScope {
  const schemaIn = (schema: string | null | undefined) =>
    schema == null ||
    ((!options.includeSchemas.length || options.includeSchemas.includes(schema)) &&
      !options.excludeSchemas.includes(schema));
  const excluded = new Set(options.excludeTables);
  const tables = catalog.tables.filter(
    (t) =>
      schemaIn(t.schema) &&
      !excluded.has(tableKey(t)) &&
      (selected === null || selected.includes(tableKey(t))),
  );
  const copied = new Set(tables.map(tableKey));
  const left = catalog.tables.filter((t) => schemaIn(t.schema) && !copied.has(tableKey(t)));
  const byKey = new Map(catalog.tables.map((t) => [tableKey(t), t]));
  const named = options.excludeTables.map((key) => {
    const t = byKey.get(key);
    if (t) return { schema: t.schema ?? "", name: t.name };
    // A view or other relation that is not a table: "schema.name", split at the first dot.
    const dot = key.indexOf(".");
    return dot < 0
      ? { schema: "public", name: key }
      : { schema: key.slice(0, dot), name: key.slice(dot + 1) };
  });
  const excludeTables = [...named, ...left.map((t) => ({ schema: t.schema ?? "", name: t.name }))].filter(
    (t, i, all) => all.findIndex((o) => o.schema === t.schema && o.name === t.name) === i,
  );
  return {
    scope: {
      includeSchemas: options.includeSchemas,
      excludeSchemas: options.excludeSchemas,
      excludeTables,
    },
    tables: tables.map(tableKey),
  };
}

/**
 * Whether a migration's choices take the whole database, known before the catalog is read: no table selection
 * and no schema or table in or out. Exactly when resolveScope's scope is `wholeDatabase`.
 */
export function selectsWholeDatabase(
  selected: readonly string[] | null,
  options: Pick<MigrationOptions, "includeSchemas" | "excludeSchemas" | "excludeTables">,
): boolean {
  return (
    selected === null &&
    !options.includeSchemas.length &&
    !options.excludeSchemas.length &&
    !options.excludeTables.length
  );
}
