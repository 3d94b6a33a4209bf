import type MDBReader from "mdb-reader";
import type { Column } from "mdb-reader";
import type { Catalog, CatalogForeignKey, CatalogTable } from "@/server/catalog/catalog";

/** Access's own name for a column's type, with the size or precision that matters to the mapping. */
export function accessTypeName(c: Column, jet3: boolean): string {
  switch (c.type) {
    case "text":
      // Jet4 and later store Text as UTF-16: the declared size is in bytes, two per character.
      return `Text(${jet3 ? c.size : Math.max(1, Math.floor(c.size / 2))})`;
    case "memo":
      return "Memo";
    case "byte":
      return "Byte";
    case "integer":
      return "Integer";
    case "long":
      return c.autoLong ? "AutoNumber" : "Long Integer";
    case "bigint":
      return "Large Number";
    case "float":
      return "Single";
    case "double":
      return "Double";
    case "currency":
      return "Currency";
    case "numeric":
      return `Decimal(${c.precision ?? 18},${c.scale ?? 0})`;
    case "boolean":
      return "Yes/No";
    case "datetime":
      return "Date/Time";
    case "datetimextended":
      return "Date/Time Extended";
    case "repid":
      return "Replication ID";
    case "ole":
      return "OLE Object";
    case "binary":
      return `Binary(${c.size})`;
    case "complex":
      return "Complex";
  }
}

export type RelationshipRow = {
  szRelationship: string;
  grbit: number;
  icolumn: number;
  szObject: string;
  szColumn: string;
  szReferencedObject: string;
  szReferencedColumn: string;
};

// DAO RelationAttributeEnum
const DONT_ENFORCE = 0x2;
const INHERITED = 0x4;
const UPDATE_CASCADE = 0x100;
const DELETE_CASCADE = 0x1000;

/**
 * MSysRelationships rows (one per column pair) → foreign keys of each child table (szObject). Relationships
 * Access does not enforce are only lines in its diagram (their data may hold orphans) and linked ones
 * live in another file: both are left out.
 */
export function foreignKeysFrom(rows: RelationshipRow[]): Map<string, CatalogForeignKey[]> {
  const byName = new Map<string, RelationshipRow[]>();
  for (const r of rows) {
    if (r.grbit & (DONT_ENFORCE | INHERITED)) continue;
    byName.set(r.szRelationship, [...(byName.get(r.szRelationship) ?? []), r]);
  }
  const out = new Map<string, CatalogForeignKey[]>();
  for (const parts of byName.values()) {
    parts.sort((a, b) => a.icolumn - b.icolumn);
    const first = parts[0]!;
    const fk: CatalogForeignKey = {
      columns: parts.map((p) => p.szColumn),
      refTable: first.szReferencedObject,
      refColumns: parts.map((p) => p.szReferencedColumn),
      onDelete: first.grbit & DELETE_CASCADE ? "CASCADE" : "NO ACTION",
      onUpdate: first.grbit & UPDATE_CASCADE ? "CASCADE" : "NO ACTION",
    };
    out.set(first.szObject, [...(out.get(first.szObject) ?? []), fk]);
  }
  return out;
}

export function listAccessTables(reader: MDBReader): string[] {
  return reader
    .getTableNames({ normalTables: true, systemTables: false, linkedTables: false })
    .filter((n) => !/^(MSys|USys|~)/i.test(n))
    .sort();
}

function readRelationships(reader: MDBReader): RelationshipRow[] {
  try {
    return reader.getTable("MSysRelationships").getData() as unknown as RelationshipRow[];
  } catch {
    return []; // a file without the table, or one mdb-reader cannot read: no relationships to carry
  }
}

/**
 * Tables, columns with their Access types, AutoNumber and relationships. mdb-reader 3.2.0 exposes no
 * index definitions, so primary keys and indexes come from server/connectors/access/read-indexes.ts.
 */
export function introspectAccess(
  reader: MDBReader,
  jet3: boolean,
  only?: readonly string[],
  keysOf: (table: string) => Pick<CatalogTable, "primaryKey" | "indexes"> = () => ({
    primaryKey: null,
    indexes: [],
  }),
): Catalog {
  const names = listAccessTables(reader).filter((n) => !only || only.includes(n));
  const fks = foreignKeysFrom(readRelationships(reader));
  return {
    tables: names.map((name): CatalogTable => {
      const table = reader.getTable(name);
      const columns = table.getColumns();
      const auto = columns.filter((c) => c.type === "long" && c.autoLong);
      const keys = keysOf(name);
      return {
        schema: null,
        name,
        columns: columns.map((c, position) => ({
          name: c.name,
          declaredType: accessTypeName(c, jet3),
          nullable: c.nullable && !c.autoLong && !keys.primaryKey?.includes(c.name),
          position,
        })),
        primaryKey: keys.primaryKey,
        autoKey: auto.length === 1 ? auto[0]!.name : null,
        foreignKeys: fks.get(name) ?? [],
        indexes: keys.indexes,
        rowCount: table.rowCount,
        unorderedReads: true,
      };
    }),
    // mdb-reader 3.2.0 does not expose column properties, where Access keeps a column's default value.
    notes: names.length
      ? [
          "Column default values are not read from Access files: the tables are created without DEFAULT clauses. Add the defaults the application relies on with a post-script.",
        ]
      : [],
  };
}
