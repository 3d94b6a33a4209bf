import type { CreateConnectionInput, UpdateConnectionInput } from "@/contracts/connections";
import { parsePostgresUrl, type PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { parseMysqlUrl, type MysqlConnectionSettings } from "@/server/connectors/mysql/mysql-config";
import {
  MSSQL_DEFAULT_PORT,
  parseMssqlUrl,
  type MssqlConnectionSettings,
} from "@/server/connectors/mssql/config";
import type { ConnectionConfig } from "@/server/db/schema";

type ConnectionInput = CreateConnectionInput | UpdateConnectionInput;
type ServerSettings = PgConnectionSettings | MysqlConnectionSettings | MssqlConnectionSettings;

/** How one server engine reads its connection input (a URL or fields) and what of it is stored unsealed. */
type ServerEngineSettings<S extends ServerSettings> = {
  parseUrl: (url: string) => S;
  /** Fields beyond host/port/database/user/password, with their defaults. */
  extras: (i: Partial<S>, current: S | undefined) => Omit<S, keyof CommonFields>;
  defaultPort: number;
};

type CommonFields = { host: string; port: number; database: string; user: string; password?: string };

const SERVER_ENGINES = {
  postgres: {
    parseUrl: parsePostgresUrl,
    defaultPort: 5432,
    extras: (i, current) => ({ sslmode: i.sslmode ?? current?.sslmode ?? "prefer" }),
  } satisfies ServerEngineSettings<PgConnectionSettings>,
  mysql: {
    parseUrl: parseMysqlUrl,
    defaultPort: 3306,
    extras: (i, current) => ({ sslmode: i.sslmode ?? current?.sslmode ?? "prefer" }),
  } satisfies ServerEngineSettings<MysqlConnectionSettings>,
  mssql: {
    parseUrl: parseMssqlUrl,
    defaultPort: MSSQL_DEFAULT_PORT,
    extras: (i, current) => ({
      encrypt: i.encrypt ?? current?.encrypt ?? true,
      trustServerCertificate: i.trustServerCertificate ?? current?.trustServerCertificate ?? false,
    }),
  } satisfies ServerEngineSettings<MssqlConnectionSettings>,
};

export type ServerEngine = keyof typeof SERVER_ENGINES;
type SettingsOf<E extends ServerEngine> = ReturnType<(typeof SERVER_ENGINES)[E]["parseUrl"]>;

export const isServerEngine = (engine: string): engine is ServerEngine => engine in SERVER_ENGINES;

/** Server input (URL or fields) to settings; on edit, absent fields keep their stored values. */
export function serverSettingsFrom<E extends ServerEngine>(
  engine: E,
  input: ConnectionInput,
  current?: SettingsOf<E>,
): SettingsOf<E> {
  const spec = SERVER_ENGINES[engine] as unknown as ServerEngineSettings<SettingsOf<E>>;
  if ("url" in input && input.url) return spec.parseUrl(input.url);
  const i = input as Partial<SettingsOf<E>>;
  return {
    host: i.host ?? current?.host ?? "",
    port: i.port ?? current?.port ?? spec.defaultPort,
    database: i.database ?? current?.database ?? "",
    user: i.user ?? current?.user ?? "",
    password: i.password ?? current?.password,
    ...spec.extras(i, current),
  } as SettingsOf<E>;
}

/** What is stored in the clear: everything but the password, which is sealed apart. */
export function storedServerConfig(engine: ServerEngine, s: ServerSettings): ConnectionConfig {
  const { password: _password, ...config } = s;
  return { engine, ...config } as ConnectionConfig;
}
