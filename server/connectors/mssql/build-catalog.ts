import type { Catalog, CatalogForeignKey, CatalogIndex, CatalogTable } from "@/server/catalog/catalog";
import { DomainError } from "@/server/errors";
import { parseMssqlDefault } from "./parse-default";

/** Rows of catalog-queries.ts as tedious returns them (bigint as string, bit as boolean). */
export type TableRow = {
  schema_name: string;
  table_name: string;
  object_id: number;
  row_count: string | number;
  temporal_type_desc: string;
  is_memory_optimized: boolean;
};
export type ColumnRow = {
  object_id: number;
  column_id: number;
  column_name: string;
  type_name: string;
  base_type_name: string | null;
  is_user_defined: boolean;
  is_assembly_type: boolean;
  max_length: number;
  precision: number;
  scale: number;
  is_nullable: boolean;
  is_identity: boolean;
  is_computed: boolean;
  is_column_set: boolean;
  computed_definition: string | null;
  is_persisted: boolean | null;
  identity_seed: string | null;
  identity_increment: string | null;
  /** Absent in rows recorded before defaults were read. */
  default_definition?: string | null;
};
export type IndexRow = {
  object_id: number;
  index_id: number;
  index_name: string;
  type_desc: string;
  is_primary_key: boolean;
  is_unique: boolean;
  is_unique_constraint: boolean;
  has_filter: boolean;
  filter_definition: string | null;
  is_disabled: boolean;
  is_hypothetical: boolean;
  key_ordinal: number;
  is_included_column: boolean;
  is_descending_key: boolean;
  column_name: string;
};
export type ForeignKeyRow = {
  fk_id: number;
  fk_name: string;
  parent_object_id: number;
  referenced_object_id: number;
  delete_referential_action_desc: string;
  update_referential_action_desc: string;
  is_disabled: boolean;
  is_not_trusted: boolean;
  constraint_column_id: number;
  column_name: string;
  referenced_column_name: string;
};
export type CatalogRows = {
  tables: TableRow[];
  columns: ColumnRow[];
  indexes: IndexRow[];
  foreignKeys: ForeignKeyRow[];
};

/** Where a catalog table is read from in SQL Server. */
export type SourceName = { schema: string; name: string };

export type MssqlCatalog = Catalog & {
  /** By catalog (= target) table name. */
  sources: Map<string, SourceName>;
  /** What is carried differently from the source, one sentence each, for the run log. */
  notes: string[];
};

/**
 * SQL Server schemas → one PostgreSQL schema, the migration's target schema: dbo's tables keep their names,
 * other schemas' tables get the schema as a prefix (Sales.Customer → Sales_Customer). Ferry's generated
 * DDL, keys, FKs and verification all work in the one target schema the DBA chose in the wizard, and a prefix
 * keeps every table unique and says where it came from. Two names that would meet are refused.
 */
export const targetTableName = (schema: string, name: string) =>
  schema.toLowerCase() === "dbo" ? name : `${schema}_${name}`;

const INTEGER_TYPES = new Set(["tinyint", "smallint", "int", "bigint"]);
const ACTIONS: Record<string, string> = {
  NO_ACTION: "NO ACTION",
  CASCADE: "CASCADE",
  SET_NULL: "SET NULL",
  SET_DEFAULT: "SET DEFAULT",
};

/** The type as Ferry's type map reads it: "nvarchar(50)", "decimal(19,4)", "datetime2(7)", "rowversion". */
export function renderMssqlType(
  c: Pick<
    ColumnRow,
    "type_name" | "base_type_name" | "is_assembly_type" | "max_length" | "precision" | "scale"
  >,
): string {
  const base = (c.is_assembly_type ? c.type_name : (c.base_type_name ?? c.type_name)).toLowerCase();
  const len = (bytesPerChar: number) => (c.max_length === -1 ? "max" : String(c.max_length / bytesPerChar));
  switch (base) {
    case "varchar":
    case "char":
    case "varbinary":
    case "binary":
      return `${base}(${len(1)})`;
    case "nvarchar":
    case "nchar":
      return `${base}(${len(2)})`;
    case "decimal":
    case "numeric":
      return `${base}(${c.precision},${c.scale})`;
    case "float":
      return `float(${c.precision})`;
    case "time":
    case "datetime2":
    case "datetimeoffset":
      return `${base}(${c.scale})`;
    case "timestamp":
      return "rowversion";
    default:
      return base;
  }
}

/** Turns the catalog queries' rows into Ferry's Catalog; `only` picks tables by catalog name. */
export function buildMssqlCatalog(rows: CatalogRows, only?: readonly string[]): MssqlCatalog {
  const notes: string[] = [];
  const sources = new Map<string, SourceName>();
  const nameOf = new Map<number, string>();
  for (const t of rows.tables) {
    const target = targetTableName(t.schema_name, t.table_name);
    const clash = sources.get(target);
    if (clash)
      throw new DomainError(
        400,
        "name_clash",
        `SQL Server tables [${clash.schema}].[${clash.name}] and [${t.schema_name}].[${t.table_name}] would both become "${target}" in PostgreSQL (tables outside dbo are prefixed with their schema). Rename one of them in SQL Server before migrating.`,
      );
    sources.set(target, { schema: t.schema_name, name: t.table_name });
    nameOf.set(t.object_id, target);
  }

  const wanted = rows.tables.filter((t) => !only || only.includes(nameOf.get(t.object_id)!));
  const columnsOf = groupBy(rows.columns, (c) => c.object_id);
  const indexesOf = groupBy(rows.indexes, (i) => i.object_id);
  const fksOf = groupBy(rows.foreignKeys, (f) => f.parent_object_id);

  // PostgreSQL index names are unique per schema, SQL Server's only per table (IX_ModifiedDate everywhere).
  const indexNameUses = new Map<string, number>();
  for (const t of rows.tables) indexNameUses.set(nameOf.get(t.object_id)!, 1);
  for (const i of dedupe(rows.indexes, (r) => `${r.object_id}/${r.index_id}`))
    indexNameUses.set(i.index_name, (indexNameUses.get(i.index_name) ?? 0) + 1);

  const tables = wanted.map((t): CatalogTable => {
    const name = nameOf.get(t.object_id)!;
    const label = `"${name}"`;
    const cols = (columnsOf.get(t.object_id) ?? []).filter((c) => {
      if (c.is_column_set)
        notes.push(
          `${label}.${c.column_name} is the XML column set of sparse columns; the sparse columns themselves are copied, the column set is not.`,
        );
      return !c.is_column_set;
    });
    let autoKey: string | null = null;
    const columns = cols.map((c) => {
      const declaredType = renderMssqlType(c);
      let nullable = c.is_nullable;
      if (c.is_computed) {
        nullable = true;
        notes.push(
          `${label}.${c.column_name} is computed in SQL Server (${c.computed_definition ?? "?"}${c.is_persisted ? ", persisted" : ""}): its values are copied as a plain nullable column; PostgreSQL will not compute new ones. Translate the expression and recreate it as GENERATED ALWAYS AS (…) STORED, or a view, if the application relies on it.`,
        );
      }
      if (declaredType === "rowversion") {
        nullable = true;
        notes.push(
          `${label}.${c.column_name} is a rowversion: its 8 bytes are copied as bytea for reference, but PostgreSQL does not change them on update, so it is no longer a row version (made nullable so new rows can be inserted). Optimistic locking that relied on it needs another column (e.g. xmin or an updated_at).`,
        );
      }
      if (c.is_identity) {
        const base = (c.base_type_name ?? c.type_name).toLowerCase();
        if (INTEGER_TYPES.has(base)) autoKey = c.column_name;
        else
          notes.push(
            `${label}.${c.column_name} is an identity of type ${declaredType}, which PostgreSQL identities cannot be: its values are copied, but new rows get none. Change the column to bigint in PostgreSQL and add an identity if needed.`,
          );
        if (c.identity_increment !== null && c.identity_increment !== "1")
          notes.push(
            `${label}.${c.column_name} is an identity with increment ${c.identity_increment}; in PostgreSQL it continues past the largest value copied, by 1.`,
          );
      }
      const dflt = parseMssqlDefault(c.default_definition);
      return {
        name: c.column_name,
        declaredType,
        nullable,
        position: c.column_id,
        ...(dflt && { default: dflt }),
      };
    });

    let primaryKey: string[] | null = null;
    const indexes: CatalogIndex[] = [];
    for (const ixRows of groupBy(indexesOf.get(t.object_id) ?? [], (r) => r.index_id).values()) {
      const ix = ixRows[0]!;
      const keyColumns = ixRows
        .filter((r) => !r.is_included_column && r.key_ordinal > 0)
        .sort((a, b) => a.key_ordinal - b.key_ordinal)
        .map((r) => r.column_name);
      if (ix.is_primary_key) {
        primaryKey = keyColumns;
        continue;
      }
      if (ix.is_hypothetical) continue;
      const what = `Index ${ix.index_name} on ${label}`;
      if (ix.type_desc !== "CLUSTERED" && ix.type_desc !== "NONCLUSTERED") {
        notes.push(
          `${what} is ${ix.type_desc.toLowerCase().replaceAll("_", " ")}, which has no PostgreSQL equivalent; it is left out.`,
        );
        continue;
      }
      if (ix.is_disabled) {
        notes.push(`${what} is disabled in SQL Server; it is left out.`);
        continue;
      }
      if (ix.has_filter) {
        notes.push(
          `${what} is filtered (WHERE ${ix.filter_definition ?? "?"}); it is left out: recreate it as a partial index after translating the condition.`,
        );
        continue;
      }
      const included = ixRows.filter((r) => r.is_included_column).map((r) => r.column_name);
      if (included.length)
        notes.push(
          `${what} is built on its key columns; its INCLUDE columns (${included.join(", ")}) are not carried.`,
        );
      const unique = (indexNameUses.get(ix.index_name) ?? 0) > 1 ? `${name}_${ix.index_name}` : ix.index_name;
      indexes.push({ name: unique, columns: keyColumns, unique: ix.is_unique });
    }

    const foreignKeys: CatalogForeignKey[] = [];
    for (const fkRows of groupBy(fksOf.get(t.object_id) ?? [], (r) => r.fk_id).values()) {
      const fk = fkRows[0]!;
      const refTable = nameOf.get(fk.referenced_object_id);
      if (!refTable) continue;
      if (fk.is_disabled) {
        notes.push(`Foreign key ${fk.fk_name} on ${label} is disabled in SQL Server; it is left out.`);
        continue;
      }
      const parts = [...fkRows].sort((a, b) => a.constraint_column_id - b.constraint_column_id);
      foreignKeys.push({
        columns: parts.map((p) => p.column_name),
        refTable,
        refColumns: parts.map((p) => p.referenced_column_name),
        onDelete: ACTIONS[fk.delete_referential_action_desc] ?? "NO ACTION",
        onUpdate: ACTIONS[fk.update_referential_action_desc] ?? "NO ACTION",
      });
    }

    return {
      schema: null,
      name,
      columns,
      primaryKey,
      autoKey,
      foreignKeys,
      indexes,
      rowCount: Number(t.row_count),
    };
  });

  return { tables, sources, notes };
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function dedupe<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(key(i)) && seen.add(key(i)) !== undefined);
}
