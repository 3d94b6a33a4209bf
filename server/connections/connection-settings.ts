import type { CreateConnectionInput, UpdateConnectionInput } from "@/contracts/connections";
import { parsePostgresUrl, type PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { parseMysqlUrl, type MysqlConnectionSettings } from "@/server/connectors/mysql/mysql-config";
import type { ConnectionConfig } from "@/server/db/schema";

/** Postgres input (URL or fields) to stored config plus the password to seal. */
export function postgresSettingsFrom(
  input: CreateConnectionInput | UpdateConnectionInput,
  current?: PgConnectionSettings,
): PgConnectionSettings {
  if ("url" in input && input.url) return parsePostgresUrl(input.url);
  const i = input as Partial<PgConnectionSettings>;
  return {
    host: i.host ?? current?.host ?? "",
    port: i.port ?? current?.port ?? 5432,
    database: i.database ?? current?.database ?? "",
    user: i.user ?? current?.user ?? "",
    password: i.password ?? current?.password,
    sslmode: i.sslmode ?? current?.sslmode ?? "prefer",
  };
}

export function storedPostgresConfig(s: PgConnectionSettings): ConnectionConfig {
  return {
    engine: "postgres",
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    sslmode: s.sslmode,
  };
}

/** MySQL input (URL or fields) to stored config plus the password to seal; as PostgreSQL's, port 3306. */
export function mysqlSettingsFrom(
  input: CreateConnectionInput | UpdateConnectionInput,
  current?: MysqlConnectionSettings,
): MysqlConnectionSettings {
  if ("url" in input && input.url) return parseMysqlUrl(input.url);
  const i = input as Partial<MysqlConnectionSettings>;
  return {
    host: i.host ?? current?.host ?? "",
    port: i.port ?? current?.port ?? 3306,
    database: i.database ?? current?.database ?? "",
    user: i.user ?? current?.user ?? "",
    password: i.password ?? current?.password,
    sslmode: i.sslmode ?? current?.sslmode ?? "prefer",
  };
}

export function storedMysqlConfig(s: MysqlConnectionSettings): ConnectionConfig {
  return {
    engine: "mysql",
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    sslmode: s.sslmode,
  };
}
