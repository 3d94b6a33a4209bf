import type { MigrationOptions } from "@/contracts/migrations";
import {
  tableKey,
  type Catalog,
  type CatalogForeignKey,
  type CatalogIndex,
  type CatalogTable,
} from "@/server/catalog/catalog";
import { DomainError } from "@/server/errors";
import type { MappedType } from "@/server/typemap/value-kind";
import type { ValueKind } from "@/server/typemap/value-kind";
import { chosenType } from "@/server/typemap/column-choice";
import { assertIdentifier } from "./identifiers";
import { renderDefault } from "./render-default";

export type PlannedColumn = {
  source: string;
  target: string;
  pgType: string;
  kind: ValueKind;
  nullable: boolean;
  /** The only values allowed (a MySQL ENUM): a CHECK constraint on the target. */
  allowed?: readonly string[];
  /** The column default as PostgreSQL SQL, rendered by render-default.ts (engines whose DDL Ferry writes). */
  default?: string;
};

export type TablePlan = {
  /** Target schema: the migration's for engines without schemas, the source's own for PostgreSQL. */
  schema: string;
  source: CatalogTable;
  target: string;
  columns: PlannedColumn[];
  primaryKey: string[] | null;
  identity: string | null;
  foreignKeys: CatalogForeignKey[];
  indexes: CatalogIndex[];
  rowCount: number;
  /** Source row keys rejected before the copy (see SourceConnector.findRejects); copy and verification skip them. */
  rejectedKeys?: string[];
  /** Chunk copies move rows in PostgreSQL's binary COPY form (PostgreSQL sources, when it reads the same). */
  binaryCopy?: boolean;
};

export type MigrationPlan = {
  schema: string;
  tables: TablePlan[];
  skippedForeignKeys: string[];
  /** Source defaults the target does not get, each naming table.column and the original default. */
  skippedDefaults: string[];
};

export function buildPlan(
  catalog: Catalog,
  selected: readonly string[] | null,
  options: MigrationOptions,
  mapType: (declared: string, options: MigrationOptions) => MappedType,
): MigrationPlan {
  const wanted = selected ?? catalog.tables.map(tableKey);
  const known = new Set(catalog.tables.map(tableKey));
  const missing = wanted.filter((n) => !known.has(n));
  if (missing.length)
    throw new DomainError(
      400,
      "unknown_tables",
      `The source has no table(s) ${missing.map((m) => `"${m}"`).join(", ")}. Edit the migration's table selection.`,
    );
  const schema = assertIdentifier(options.targetSchema, "Target schema");
  const chosen = catalog.tables.filter((t) => wanted.includes(tableKey(t)));
  const lowerNames = new Map<string, string>();
  const skippedForeignKeys: string[] = [];
  const skippedDefaults: string[] = [];

  const tables = chosen.map((t): TablePlan => {
    assertIdentifier(t.name, "Table");
    for (const c of t.columns) assertIdentifier(c.name, `Column of "${t.name}"`);
    const clash = lowerNames.get(tableKey(t));
    if (clash !== undefined && clash !== t.name)
      throw new DomainError(400, "duplicate_table", `Tables "${clash}" and "${t.name}" are the same name.`);
    lowerNames.set(tableKey(t), t.name);
    const foreignKeys = t.foreignKeys.filter((fk) => {
      const ok = chosen.some((o) => o.name === fk.refTable);
      if (!ok)
        skippedForeignKeys.push(
          `"${t.name}"(${fk.columns.join(", ")}) → "${fk.refTable}", which is not part of this migration`,
        );
      return ok;
    });
    return {
      source: t,
      schema: t.schema ?? schema,
      target: t.name,
      columns: t.columns.map((c) => {
        const choice = options.columnTypes[tableKey(t)]?.[c.name];
        const mapped = choice
          ? chosenType(choice)
          : mapColumn(mapType, t.name, c.name, c.declaredType, options);
        return {
          source: c.name,
          target: c.name,
          pgType: mapped.pgType,
          kind: mapped.kind,
          nullable: c.nullable,
          ...(mapped.allowed && { allowed: mapped.allowed }),
          ...columnDefault(),
        };
        function columnDefault(): { default?: string } {
          if (!c.default || c.name === t.autoKey) return {};
          const rendered = renderDefault(c.default, mapped);
          if ("sql" in rendered) return { default: rendered.sql };
          skippedDefaults.push(
            `Default of "${t.name}"."${c.name}" (${c.default.original}) is left out: ${rendered.problem}; set it by hand on the target (ALTER TABLE … ALTER COLUMN … SET DEFAULT …).`,
          );
          return {};
        }
      }),
      primaryKey: t.primaryKey,
      identity: t.autoKey,
      foreignKeys,
      indexes: t.indexes,
      rowCount: t.rowCount,
    };
  });
  return { schema, tables, skippedForeignKeys, skippedDefaults };
}

/** A type the connector refuses stops the plan, before anything is written, naming the table and column. */
function mapColumn(
  mapType: (declared: string, options: MigrationOptions) => MappedType,
  table: string,
  column: string,
  declared: string,
  options: MigrationOptions,
): MappedType {
  try {
    return mapType(declared, options);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw new DomainError(
      err.status,
      err.code,
      `Column "${table}"."${column}" (${declared}): ${err.message} Nothing was written.`,
    );
  }
}
