import type { CreateConnectionInput, UpdateConnectionInput } from "@/contracts/connections";
import { parsePostgresUrl, type PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { parseMysqlUrl, type MysqlConnectionSettings } from "@/server/connectors/mysql/mysql-config";
import {
  MSSQL_DEFAULT_PORT,
  parseMssqlUrl,
  type MssqlConnectionSettings,
} from "@/server/connectors/mssql/config";
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

/** SQL Server input (URL or fields) to settings; on edit, absent fields keep their stored values. */
export function mssqlSettingsFrom(
  input: CreateConnectionInput | UpdateConnectionInput,
  current?: MssqlConnectionSettings,
): MssqlConnectionSettings {
  if ("url" in input && input.url) return parseMssqlUrl(input.url);
  const i = input as Partial<MssqlConnectionSettings>;
  return {
    host: i.host ?? current?.host ?? "",
    port: i.port ?? current?.port ?? MSSQL_DEFAULT_PORT,
    database: i.database ?? current?.database ?? "",
    user: i.user ?? current?.user ?? "",
    password: i.password ?? current?.password,
    encrypt: i.encrypt ?? current?.encrypt ?? true,
    trustServerCertificate: i.trustServerCertificate ?? current?.trustServerCertificate ?? false,
  };
}

export function storedMssqlConfig(s: MssqlConnectionSettings): ConnectionConfig {
  const { password: _password, ...config } = s;
  return { engine: "mssql", ...config };
}
