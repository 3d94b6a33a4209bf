import mysql from "mysql2/promise";
import { DomainError } from "@/server/errors";
import { describeMysqlError } from "./describe-mysql-error";
import { isLocalHost, toMysqlOptions, type MysqlConnectionSettings } from "./mysql-config";

/** A connection set up to read faithfully: UTC session, no silent truncation, long reads allowed. */
export async function connectMysql(settings: MysqlConnectionSettings): Promise<mysql.Connection> {
  const tls =
    settings.sslmode !== "disable" && !(settings.sslmode === "prefer" && isLocalHost(settings.host));
  const attempt = async (withTls: boolean) => {
    const conn = await mysql.createConnection(toMysqlOptions(settings, withTls));
    conn.on("error", () => undefined); // a dropped connection surfaces on the next query instead
    return conn;
  };
  let conn: mysql.Connection;
  try {
    try {
      conn = await attempt(tls);
    } catch (err) {
      if (
        settings.sslmode === "prefer" &&
        tls &&
        (err as { code?: string }).code === "HANDSHAKE_NO_SSL_SUPPORT"
      )
        conn = await attempt(false);
      else throw err;
    }
  } catch (err) {
    throw new DomainError(400, "connection_failed", describeMysqlError(err, settings));
  }
  // TIMESTAMP columns read in UTC; a consumer paused by backpressure must not be cut off by the server.
  await conn.query("SET time_zone = '+00:00', net_write_timeout = 3600, net_read_timeout = 3600");
  return conn;
}
