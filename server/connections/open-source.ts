import type { SourceConnector } from "@/server/connectors/connector";
import type { LoadedConnection } from "./load-connection";

/** The source connector for a connection; loaded lazily so listing connections never loads a native driver. */
export async function openSource(
  connection: LoadedConnection,
  opts: { consistent?: boolean } = {},
): Promise<SourceConnector> {
  switch (connection.engine) {
    case "sqlite": {
      const { openSqliteConnector } = await import("@/server/connectors/sqlite/sqlite-connector");
      return openSqliteConnector(connection.filePath, connection.fileName);
    }
    case "access": {
      const { openAccessConnector } = await import("@/server/connectors/access/access-connector");
      return openAccessConnector(connection.filePath, connection.fileName, connection.encoding);
    }
    case "mysql": {
      const { openMysqlSource } = await import("@/server/connectors/mysql/mysql-connector");
      return openMysqlSource(connection.settings);
    }
    case "postgres": {
      const { openPostgresSource } = await import("@/server/connectors/postgres/postgres-source");
      return openPostgresSource(connection.settings, { consistent: opts.consistent ?? false });
    }
    case "mssql": {
      const { openMssqlConnector } = await import("@/server/connectors/mssql/mssql-connector");
      return openMssqlConnector(connection.settings);
    }
  }
}
