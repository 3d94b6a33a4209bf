import type { ConnectionConfiguration } from "tedious";
import { badRequest } from "@/server/errors";

export type MssqlConnectionSettings = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  /** TLS for the whole session (tedious's default, and what Azure SQL requires). */
  encrypt: boolean;
  /** Accept the server's certificate without checking it: a default install's self-signed one. */
  trustServerCertificate: boolean;
};

export const MSSQL_DEFAULT_PORT = 1433;

const TRUE = new Set(["true", "yes", "1", "on"]);
const FALSE = new Set(["false", "no", "0", "off"]);

function flag(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  // "strict" (TDS 8) is not offered: it needs SQL Server 2022 and a trusted certificate; "true" is the safe common case.
  throw badRequest("invalid_url", `${name}="${value}" is not true or false.`);
}

/**
 * Splits an `mssql://` or `sqlserver://` URL into fields; the password is kept apart so it can be sealed.
 * Two spellings are accepted: the URL one (`mssql://user:pw@host:1433/db?encrypt=true`) and the one JDBC
 * users copy (`sqlserver://host:1433;databaseName=db;user=u;password=pw;encrypt=true`, `jdbc:` optional).
 */
export function parseMssqlUrl(url: string): MssqlConnectionSettings {
  const text = url.trim().replace(/^jdbc:/i, "");
  if (!/^(mssql|sqlserver):\/\//i.test(text))
    throw badRequest("invalid_url", "A SQL Server URL starts with mssql:// or sqlserver://");
  const rest = text.replace(/^[a-z]+:\/\//i, "");
  const semicolon = rest.indexOf(";");
  if (semicolon >= 0 && !rest.slice(0, semicolon).includes("@")) return parseJdbcStyle(rest, semicolon);

  let parsed: URL;
  try {
    parsed = new URL(`http://${rest}`);
  } catch {
    throw badRequest(
      "invalid_url",
      "The SQL Server URL could not be parsed. Use mssql://user:password@host:1433/database?encrypt=true",
    );
  }
  const q = parsed.searchParams;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || q.get("database") || "";
  return complete({
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : MSSQL_DEFAULT_PORT,
    database,
    user: decodeURIComponent(parsed.username) || q.get("user") || "",
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    encrypt: flag(q.get("encrypt") ?? undefined, "encrypt", true),
    trustServerCertificate: flag(
      q.get("trustServerCertificate") ?? undefined,
      "trustServerCertificate",
      false,
    ),
  });
}

function parseJdbcStyle(rest: string, semicolon: number): MssqlConnectionSettings {
  const [hostPart, portPart] = rest.slice(0, semicolon).split(":");
  const props = new Map<string, string>();
  for (const pair of rest.slice(semicolon + 1).split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) props.set(pair.slice(0, eq).trim().toLowerCase(), pair.slice(eq + 1).trim());
  }
  if (hostPart?.includes("\\"))
    throw badRequest(
      "invalid_url",
      "Named instances (host\\instance) need the SQL Browser service; give the instance's TCP port instead (host:port).",
    );
  return complete({
    host: hostPart ?? "",
    port: portPart ? Number(portPart) : Number(props.get("portnumber") ?? MSSQL_DEFAULT_PORT),
    database: props.get("databasename") ?? props.get("database") ?? "",
    user: props.get("user") ?? props.get("username") ?? "",
    password: props.get("password") || undefined,
    encrypt: flag(props.get("encrypt"), "encrypt", true),
    trustServerCertificate: flag(props.get("trustservercertificate"), "trustServerCertificate", false),
  });
}

function complete(s: MssqlConnectionSettings): MssqlConnectionSettings {
  if (!s.host) throw badRequest("invalid_url", "The SQL Server URL has no host.");
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
    throw badRequest("invalid_url", "The SQL Server URL's port is not a number between 1 and 65535.");
  if (!s.database)
    throw badRequest(
      "invalid_url",
      "The SQL Server URL names no database (…/database, or ;databaseName=… in the JDBC form).",
    );
  if (!s.user) throw badRequest("invalid_url", "The SQL Server URL names no user (user@host, or ;user=…).");
  return s;
}

/** tedious's options: SQL authentication, timeouts that fail fast, values as Ferry reads them. */
export function toTediousConfig(s: MssqlConnectionSettings, appName = "ferry"): ConnectionConfiguration {
  return {
    server: s.host,
    authentication: { type: "default", options: { userName: s.user, password: s.password ?? "" } },
    options: {
      port: s.port,
      database: s.database,
      encrypt: s.encrypt,
      trustServerCertificate: s.trustServerCertificate,
      appName,
      connectTimeout: 10_000,
      // Reading a big table is one long request; backpressure pauses it, so no request timeout.
      requestTimeout: 0,
      cancelTimeout: 5_000,
      // Dates as stored (no local time zone), GUIDs as PostgreSQL prints them.
      useUTC: true,
      lowerCaseGuids: true,
      rowCollectionOnRequestCompletion: false,
      useColumnNames: false,
    },
  };
}
