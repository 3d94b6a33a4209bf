import type { SourceConnector } from "@/server/connectors/connector";
import { badRequest } from "@/server/errors";
import type { LoadedConnection } from "./load-connection";

/** The source connector for a connection; loaded lazily so listing connections never loads a native driver. */
export async function openSource(connection: LoadedConnection): Promise<SourceConnector> {
  switch (connection.engine) {
    case "sqlite": {
      const { openSqliteConnector } = await import("@/server/connectors/sqlite/sqlite-connector");
      return openSqliteConnector(connection.filePath, connection.fileName);
    }
    case "postgres":
      throw badRequest(
        "source_engine_unsupported",
        `"${connection.name}" is a PostgreSQL connection; PostgreSQL sources are not supported yet. Use it as a target, or choose a SQLite source.`,
      );
  }
}
