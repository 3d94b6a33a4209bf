import type { ConnectionView } from "@/contracts/connections";
import type { connections, uploads } from "@/server/db/schema";

type ConnectionRow = typeof connections.$inferSelect;
type UploadRow = typeof uploads.$inferSelect;

const SERVER_LABEL = { postgres: "", mysql: " (MySQL)", mssql: " (SQL Server)" };

/** Decides what may leave the server about a connection: never the sealed secret. */
export function toConnectionView(row: ConnectionRow, upload: UploadRow | null): ConnectionView {
  const c = row.config;
  const server =
    "host" in c
      ? { host: c.host, port: c.port, database: c.database, user: c.user, hasPassword: row.secret !== null }
      : null;
  const postgres = c.engine === "postgres" ? { ...server!, sslmode: c.sslmode } : null;
  const mysql = c.engine === "mysql" ? { ...server!, sslmode: c.sslmode } : null;
  const mssql =
    c.engine === "mssql"
      ? { ...server!, encrypt: c.encrypt, trustServerCertificate: c.trustServerCertificate }
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
    summary: server
      ? `${server.user}@${server.host}:${server.port}/${server.database}${SERVER_LABEL[c.engine as keyof typeof SERVER_LABEL]}`
      : sqlite
        ? `${sqlite.fileName} (SQLite file)`
        : access
          ? `${access.fileName} (Access file, text ${access.encoding})`
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
