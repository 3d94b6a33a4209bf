import type pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";
import type { PostgresFields } from "@/contracts/connections";
import { badRequest } from "@/server/errors";

export type PgConnectionSettings = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  sslmode: PostgresFields["sslmode"];
};

const SSL_MODES = new Set(["disable", "prefer", "require", "verify-ca", "verify-full"]);

/** Splits a postgres:// URL into fields; the password is kept apart so it can be sealed. */
export function parsePostgresUrl(url: string): PgConnectionSettings {
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(url);
  } catch {
    throw badRequest(
      "invalid_url",
      "The PostgreSQL URL could not be parsed. Use postgres://user:password@host:5432/database",
    );
  }
  const query = new URL(url.replace(/^postgres(ql)?:/, "http:")).searchParams;
  const sslmode = query.get("sslmode") ?? "prefer";
  if (!SSL_MODES.has(sslmode))
    throw badRequest(
      "invalid_sslmode",
      `sslmode "${sslmode}" is not one of disable, prefer, require, verify-ca, verify-full.`,
    );
  if (!parsed.host) throw badRequest("invalid_url", "The PostgreSQL URL has no host.");
  if (!parsed.database)
    throw badRequest("invalid_url", "The PostgreSQL URL has no database name after the host (…/database).");
  return {
    host: parsed.host,
    port: parsed.port ? Number(parsed.port) : 5432,
    database: parsed.database,
    user: parsed.user ?? "postgres",
    password: parsed.password || undefined,
    sslmode: sslmode as PgConnectionSettings["sslmode"],
  };
}

/** node-postgres client options; "prefer" tries TLS only where the server is not local. */
export function toClientConfig(s: PgConnectionSettings, applicationName = "ferry"): pg.ClientConfig {
  const local =
    s.host === "localhost" || s.host === "127.0.0.1" || s.host === "::1" || s.host.startsWith("/");
  const ssl =
    s.sslmode === "disable" || (s.sslmode === "prefer" && local)
      ? false
      : s.sslmode === "verify-ca" || s.sslmode === "verify-full"
        ? {
            rejectUnauthorized: true,
            checkServerIdentity: s.sslmode === "verify-ca" ? () => undefined : undefined,
          }
        : { rejectUnauthorized: false };
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password ?? "",
    ssl,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  };
}
