import type { CreateConnectionInput, UpdateConnectionInput } from "@/contracts/connections";
import { parsePostgresUrl, type PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
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
