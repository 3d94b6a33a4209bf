import type { MigrationOptions } from "@/contracts/migrations";
import { badRequest } from "@/server/errors";
import type { MappedType } from "./value-kind";

const SPATIAL = new Set([
  "geometry",
  "point",
  "linestring",
  "polygon",
  "multipoint",
  "multilinestring",
  "multipolygon",
  "geometrycollection",
  "geomcollection",
]);
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", Z: "\x1a", b: "\b" };

/** The quoted values of an ENUM(…) or SET(…) column type as information_schema prints it. */
export function enumValues(columnType: string): string[] {
  const open = columnType.indexOf("(");
  const values: string[] = [];
  let i = open + 1;
  while (i > 0 && i < columnType.length) {
    if (columnType[i] !== "'") {
      i++;
      continue;
    }
    let v = "";
    for (i++; i < columnType.length; i++) {
      const ch = columnType[i]!;
      if (ch === "'" && columnType[i + 1] === "'") v += columnType[++i];
      else if (ch === "'") break;
      else if (ch === "\\" && i + 1 < columnType.length) {
        const next = columnType[++i]!;
        v += ESCAPES[next] ?? next;
      } else v += ch;
    }
    values.push(v);
    i++;
  }
  return values;
}

/** The n of "varchar(n)", the p and s of "decimal(p,s)". */
function args(t: string): number[] {
  const m = /^[a-z ]+\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(t);
  return m ? [Number(m[1]), ...(m[2] !== undefined ? [Number(m[2])] : [])] : [];
}

/**
 * MySQL / MariaDB column type (information_schema COLUMN_TYPE, plus " auto_increment" where the column has
 * it; MariaDB's JSON alias arrives as "json") → PostgreSQL type. Unsigned integers widen to the next type
 * that holds their whole range; nothing is narrowed. Spatial and unknown types are refused, never guessed.
 */
export function mapMysqlType(declared: string, opts: Pick<MigrationOptions, "mysqlTinyint1">): MappedType {
  const t = declared.trim().toLowerCase();
  const base = /^[a-z]+/.exec(t)?.[0] ?? "";
  const unsigned = /\b(unsigned|zerofill)\b/.test(t);
  const autoIncrement = /\bauto_increment\b/.test(t);
  const [n, scale] = args(t);

  if (SPATIAL.has(base))
    throw badRequest(
      "unsupported_type",
      `spatial types are not supported yet; exclude the table or convert the column (e.g. to WKT text with ST_AsText).`,
    );
  switch (base) {
    case "tinyint":
      // BOOLEAN is MySQL's alias for TINYINT(1); by convention the column holds 0 and 1.
      if (n === 1 && !unsigned && opts.mysqlTinyint1 !== "smallint")
        return { pgType: "boolean", kind: "bool" };
      return { pgType: "smallint", kind: "int" };
    case "smallint":
      return { pgType: unsigned ? "integer" : "smallint", kind: "int" };
    case "mediumint":
      return { pgType: "integer", kind: "int" };
    case "int":
    case "integer":
      return { pgType: unsigned ? "bigint" : "integer", kind: "int" };
    case "bigint":
      // An AUTO_INCREMENT key stays an identity (bigint); other unsigned bigints need all 20 digits.
      return unsigned && !autoIncrement
        ? { pgType: "numeric(20,0)", kind: "numeric" }
        : { pgType: "bigint", kind: "int" };
    case "decimal":
    case "numeric":
    case "dec":
    case "fixed":
      return { pgType: `numeric(${n ?? 10},${scale ?? 0})`, kind: "numeric" };
    case "float":
      return { pgType: "real", kind: "float" };
    case "double":
    case "real":
      return { pgType: "double precision", kind: "float" };
    case "bit":
      return { pgType: `bit(${n ?? 1})`, kind: "text" };
    case "char":
    case "varchar":
      return n !== undefined && n >= 1
        ? { pgType: `varchar(${n})`, kind: "text" }
        : { pgType: "text", kind: "text" };
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      return { pgType: "text", kind: "text" };
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return { pgType: "bytea", kind: "bytea" };
    case "date":
      return { pgType: "date", kind: "date" };
    case "datetime":
      return { pgType: `timestamp(${n ?? 0})`, kind: "timestamp" };
    case "timestamp":
      // TIMESTAMP is an instant (stored in UTC); DATETIME is a wall-clock value.
      return { pgType: `timestamp(${n ?? 0}) with time zone`, kind: "timestamptz" };
    case "time":
      return { pgType: `time(${n ?? 0})`, kind: "text" };
    case "year":
      return { pgType: "smallint", kind: "int" };
    case "enum":
      return { pgType: "text", kind: "text", allowed: enumValues(declared) };
    case "set":
      return { pgType: "text[]", kind: "text" };
    case "json":
      return { pgType: "jsonb", kind: "json" };
    case "uuid":
      return { pgType: "uuid", kind: "text" };
    case "inet4":
    case "inet6":
      return { pgType: "inet", kind: "text" };
  }
  throw badRequest(
    "unsupported_type",
    `the type ${declared} has no PostgreSQL mapping in Ferry yet; exclude the table or convert the column.`,
  );
}
