import type { ConnectionOptions } from "mysql2";
import type { MysqlFields } from "@/contracts/connections";
import { badRequest } from "@/server/errors";

export type MysqlConnectionSettings = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  sslmode: MysqlFields["sslmode"];
};

/** MySQL's own ssl-mode names, accepted in a URL next to PostgreSQL's. */
const MYSQL_SSL_MODES: Record<string, MysqlConnectionSettings["sslmode"]> = {
  disabled: "disable",
  preferred: "prefer",
  required: "require",
  verify_ca: "verify-ca",
  verify_identity: "verify-full",
  disable: "disable",
  prefer: "prefer",
  require: "require",
  "verify-ca": "verify-ca",
  "verify-full": "verify-full",
};

/** Splits a mysql:// URL into fields; the password is kept apart so it can be sealed. */
export function parseMysqlUrl(url: string): MysqlConnectionSettings {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^(mysql|mariadb):/, "http:"));
  } catch {
    throw badRequest(
      "invalid_url",
      "The MySQL URL could not be parsed. Use mysql://user:password@host:3306/database",
    );
  }
  const mode = parsed.searchParams.get("ssl-mode") ?? parsed.searchParams.get("sslmode") ?? "prefer";
  const sslmode = MYSQL_SSL_MODES[mode.toLowerCase()];
  if (!sslmode)
    throw badRequest(
      "invalid_sslmode",
      `ssl-mode "${mode}" is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY.`,
    );
  if (!parsed.hostname) throw badRequest("invalid_url", "The MySQL URL has no host.");
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database)
    throw badRequest("invalid_url", "The MySQL URL has no database name after the host (…/database).");
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : 3306,
    database,
    user: decodeURIComponent(parsed.username) || "root",
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    sslmode,
  };
}

export const isLocalHost = (host: string) => ["localhost", "127.0.0.1", "::1"].includes(host);

/**
 * mysql2 options. utf8mb4 on the connection, so every column arrives as UTF-8 whatever its charset; dates
 * as the server's strings (zero dates must not become Invalid Date); big integers and decimals as strings.
 */
export function toMysqlOptions(s: MysqlConnectionSettings, withTls: boolean): ConnectionOptions {
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password ?? "",
    charset: "utf8mb4_bin",
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
    timezone: "Z",
    connectTimeout: 10_000,
    enableKeepAlive: true,
    multipleStatements: false,
    ssl: withTls
      ? {
          rejectUnauthorized: s.sslmode === "verify-ca" || s.sslmode === "verify-full",
          ...(s.sslmode === "verify-ca" && { checkServerIdentity: () => undefined }),
        }
      : undefined,
  };
}
