import type { DefaultFunction, SourceDefault } from "@/server/catalog/catalog";
import { literalDefault } from "@/server/connectors/default-literals";

const FUNCTIONS: Record<string, DefaultFunction> = {
  current_timestamp: "now",
  now: "now",
  localtimestamp: "now",
  localtime: "now",
  sysdate: "now",
  utc_timestamp: "utc_now",
  curdate: "today",
  current_date: "today",
  uuid: "uuid",
};

export type MysqlColumnDefault = {
  /** information_schema.COLUMNS.COLUMN_DEFAULT */
  columnDefault: string | null;
  /** COLUMNS.EXTRA: MySQL 8 marks expression defaults DEFAULT_GENERATED. */
  extra: string;
};

/**
 * COLUMN_DEFAULT as the server reports it. MariaDB (10.2.7+) writes SQL: quoted strings, bare numbers,
 * NULL, current_timestamp(). MySQL writes a literal's bare value, and an expression's text with
 * DEFAULT_GENERATED in EXTRA (CURRENT_TIMESTAMP is an expression there, flagged or not).
 */
export function parseMysqlDefault(c: MysqlColumnDefault, mariadb: boolean): SourceDefault | undefined {
  const raw = c.columnDefault;
  if (raw === null) return undefined;
  const fn = /^([a-z_]+)\s*(\(\s*\d*\s*\))?$/i.exec(raw.trim());
  const name = fn ? FUNCTIONS[fn[1]!.toLowerCase()] : undefined;
  const expression = mariadb || /DEFAULT_GENERATED/i.test(c.extra);
  if (name && (expression || /^current_timestamp/i.test(raw.trim())))
    return { original: raw, kind: "function", name };
  if (!expression) return { original: `'${raw.replaceAll("'", "''")}'`, kind: "string", value: raw };
  if (/^null$/i.test(raw.trim())) return undefined;
  return literalDefault(raw.trim(), raw) ?? { original: raw, kind: "expression" };
}
