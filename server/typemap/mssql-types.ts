import { DomainError } from "@/server/errors";
import type { MappedType } from "./value-kind";

/** PostgreSQL keeps timestamps and times to the microsecond; SQL Server to 100 ns at scale 7. */
const MAX_PG_FRACTION = 6;

const fraction = (n: number | null, dflt: number) => Math.min(n ?? dflt, MAX_PG_FRACTION);

/** Types PostgreSQL has no faithful home for: refused when the migration is planned, never half-copied. */
const REFUSED: Record<string, string> = {
  sql_variant:
    "sql_variant holds values of different types row by row, and PostgreSQL has no such type. Convert the column in SQL Server to one type (e.g. nvarchar with CONVERT) or leave the table out.",
  hierarchyid:
    "hierarchyid is a CLR type PostgreSQL does not have. Add a computed column with its path (col.ToString(), e.g. '/1/3/') and migrate that (ltree can hold it), or leave the table out.",
  geography:
    "geography is a spatial CLR type; PostgreSQL needs PostGIS for it, which Ferry does not map. Add a computed column with col.STAsText() (WKT) or col.STAsBinary() and migrate that, or leave the table out.",
  geometry:
    "geometry is a spatial CLR type; PostgreSQL needs PostGIS for it, which Ferry does not map. Add a computed column with col.STAsText() (WKT) or col.STAsBinary() and migrate that, or leave the table out.",
};

/**
 * SQL Server declared type (as introspection renders it: "nvarchar(50)", "decimal(19,4)", "datetime2(7)",
 * "varbinary(max)", "float(53)", "rowversion") → PostgreSQL type and value kind. Sizes are kept: an
 * nvarchar(n) holds at most n UTF-16 code units, so never more than n characters, which is what varchar(n)
 * counts. Times beyond microseconds lose the 100-ns digit (PostgreSQL's limit).
 */
export function mapMssqlType(declared: string): MappedType {
  const m = /^\s*([a-z_][a-z0-9_]*)\s*(?:\(\s*(max|\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(declared);
  if (!m) throw unknownType(declared);
  const name = m[1]!.toLowerCase();
  const max = m[2]?.toLowerCase() === "max";
  const n = m[2] && !max ? Number(m[2]) : null;
  const scale = m[3] !== undefined ? Number(m[3]) : null;

  switch (name) {
    case "bit":
      return { pgType: "boolean", kind: "bool" };
    case "tinyint": // 0–255: PostgreSQL has no one-byte integer
    case "smallint":
      return { pgType: "smallint", kind: "int" };
    case "int":
      return { pgType: "integer", kind: "int" };
    case "bigint":
      return { pgType: "bigint", kind: "int" };
    case "decimal":
    case "numeric": {
      const p = n ?? 18;
      return { pgType: `numeric(${p},${Math.min(scale ?? 0, p)})`, kind: "numeric" };
    }
    case "money": // exact to 4 decimals, ±922,337,203,685,477.5807
      return { pgType: "numeric(19,4)", kind: "numeric" };
    case "smallmoney":
      return { pgType: "numeric(10,4)", kind: "numeric" };
    case "float":
      return n !== null && n <= 24
        ? { pgType: "real", kind: "float" }
        : { pgType: "double precision", kind: "float" };
    case "real":
      return { pgType: "real", kind: "float" };
    case "date":
      return { pgType: "date", kind: "date" };
    // Rendered by the connector exactly as PostgreSQL prints time (trailing zeros trimmed), so text compares.
    case "time":
      return { pgType: `time(${fraction(n, 7)})`, kind: "text" };
    case "datetime": // 1/300 s ticks, which SQL Server and tedious show as whole milliseconds
      return { pgType: "timestamp(3)", kind: "timestamp" };
    case "smalldatetime":
      return { pgType: "timestamp(0)", kind: "timestamp" };
    case "datetime2":
      return { pgType: `timestamp(${fraction(n, 7)})`, kind: "timestamp" };
    // The offset is not kept (PostgreSQL stores the instant, as UTC); the instant is.
    case "datetimeoffset":
      return { pgType: `timestamptz(${fraction(n, 7)})`, kind: "timestamptz" };
    // char(n) is padded in SQL Server and arrives padded; varchar(n) keeps those spaces as they were read.
    case "char":
    case "nchar":
    case "varchar":
    case "nvarchar":
      return !max && n !== null && n > 0
        ? { pgType: `varchar(${n})`, kind: "text" }
        : { pgType: "text", kind: "text" };
    case "text":
    case "ntext":
    case "sysname":
      return { pgType: "text", kind: "text" };
    case "binary":
    case "varbinary":
    case "image":
      return { pgType: "bytea", kind: "bytea" };
    // Copied as the 8 bytes read; PostgreSQL will not bump it on update, so it is no longer a row version.
    case "rowversion":
    case "timestamp":
      return { pgType: "bytea", kind: "bytea" };
    case "uniqueidentifier": // the connector lower-cases it, as PostgreSQL prints uuid
      return { pgType: "uuid", kind: "text" };
    // SQL Server's xml is always well-formed (document or fragment), which PostgreSQL's xml accepts as content.
    case "xml":
      return { pgType: "xml", kind: "text" };
  }
  const refused = REFUSED[name];
  if (refused) throw new DomainError(400, "unsupported_type", `SQL Server type ${name}: ${refused}`);
  throw unknownType(declared);
}

const unknownType = (declared: string) =>
  new DomainError(
    400,
    "unsupported_type",
    `SQL Server type "${declared}" has no PostgreSQL mapping in Ferry (a CLR user-defined type?). Convert the column in SQL Server (a computed column with CONVERT or .ToString()) or leave the table out.`,
  );
