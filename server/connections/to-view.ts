import type { ConnectionView } from "@/contracts/connections";
import type { connections, uploads } from "@/server/db/schema";

type ConnectionRow = typeof connections.$inferSelect;
type UploadRow = typeof uploads.$inferSelect;

/** Decides what may leave the server about a connection: never the sealed secret. */
export function toConnectionView(row: ConnectionRow, upload: UploadRow | null): ConnectionView {
  const c = row.config;
  const postgres =
    c.engine === "postgres"
      ? {
          host: c.host,
          port: c.port,
          database: c.database,
          user: c.user,
          sslmode: c.sslmode,
          hasPassword: row.secret !== null,
        }
      : null;
  const mysql =
    c.engine === "mysql"
      ? {
          host: c.host,
          port: c.port,
          database: c.database,
          user: c.user,
          sslmode: c.sslmode,
          hasPassword: row.secret !== null,
        }
      : null;
  const mssql =
    c.engine === "mssql"
      ? {
          host: c.host,
          port: c.port,
          database: c.database,
          user: c.user,
          encrypt: c.encrypt,
          trustServerCertificate: c.trustServerCertificate,
          hasPassword: row.secret !== null,
        }
      : null;
  const sqlite =
    c.engine === "sqlite" && upload
      ? { fileName: upload.fileName, sizeBytes: upload.sizeBytes, sha256: upload.sha256 }
      : null;
  const access =
    c.engine === "access" && upload
      ? {
          fileName: upload.fileName,
          sizeBytes: upload.sizeBytes,
          sha256: upload.sha256,
          encoding: c.encoding,
        }
      : null;
  return {
    id: row.id,
    name: row.name,
    engine: row.engine,
    summary: postgres
      ? `${postgres.user}@${postgres.host}:${postgres.port}/${postgres.database}`
      : sqlite
        ? `${sqlite.fileName} (SQLite file)`
        : access
          ? `${access.fileName} (Access file, text ${access.encoding})`
          : mysql
            ? `${mysql.user}@${mysql.host}:${mysql.port}/${mysql.database} (MySQL)`
            : mssql
              ? `${mssql.user}@${mssql.host}:${mssql.port}/${mssql.database} (SQL Server)`
              : `${c.engine === "access" ? "Access" : "SQLite"} file (missing)`,
    postgres,
    sqlite,
    access,
    mysql,
    mssql,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastTest:
      row.lastTestAt && row.lastTestOk !== null
        ? { ok: row.lastTestOk, at: row.lastTestAt.toISOString() }
        : null,
  };
}
