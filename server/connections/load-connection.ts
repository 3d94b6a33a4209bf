import { eq } from "drizzle-orm";
import type { AccessEncoding } from "@/contracts/connections";
import type { MysqlConnectionSettings } from "@/server/connectors/mysql/mysql-config";
import type { MssqlConnectionSettings } from "@/server/connectors/mssql/config";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { db } from "@/server/db/client";
import { connections } from "@/server/db/schema";
import { notFound } from "@/server/errors";
import { open } from "@/server/secrets/seal";
import { getUpload } from "@/server/uploads/upload-path";

export type LoadedConnection =
  | { id: string; name: string; engine: "postgres"; settings: PgConnectionSettings }
  | { id: string; name: string; engine: "sqlite"; filePath: string; fileName: string }
  | {
      id: string;
      name: string;
      engine: "access";
      filePath: string;
      fileName: string;
      encoding: AccessEncoding;
    }
  | { id: string; name: string; engine: "mysql"; settings: MysqlConnectionSettings }
  | { id: string; name: string; engine: "mssql"; settings: MssqlConnectionSettings };

/** Server-side only: the connection with its secret opened, ready to connect. */
export async function loadConnection(id: string): Promise<LoadedConnection> {
  const [row] = await db().select().from(connections).where(eq(connections.id, id));
  if (!row) throw notFound(`Connection ${id}`);
  const c = row.config;
  if (c.engine === "postgres") {
    const { engine: _e, ...rest } = c;
    return {
      id: row.id,
      name: row.name,
      engine: "postgres",
      settings: { ...rest, password: row.secret ? open(row.secret) : undefined },
    };
  }
  if (c.engine === "mysql") {
    const { engine: _e, ...rest } = c;
    return {
      id: row.id,
      name: row.name,
      engine: "mysql",
      settings: { ...rest, password: row.secret ? open(row.secret) : undefined },
    };
  }
  if (c.engine === "mssql") {
    const { engine: _e, ...rest } = c;
    return {
      id: row.id,
      name: row.name,
      engine: "mssql",
      settings: { ...rest, password: row.secret ? open(row.secret) : undefined },
    };
  }
  const upload = await getUpload(c.uploadId);
  if (c.engine === "access")
    return {
      id: row.id,
      name: row.name,
      engine: "access",
      filePath: upload.path,
      fileName: upload.fileName,
      encoding: c.encoding,
    };
  return { id: row.id, name: row.name, engine: "sqlite", filePath: upload.path, fileName: upload.fileName };
}
