type MysqlLikeError = Error & { code?: string; errno?: number; sqlMessage?: string };

/** Turns a mysql2 error into a sentence a DBA can act on. Never includes the password. */
export function describeMysqlError(
  err: unknown,
  where: { host: string; port: number; database: string; user: string },
): string {
  const e = err as MysqlLikeError;
  const at = `${where.host}:${where.port}`;
  switch (e.code) {
    case "ER_ACCESS_DENIED_ERROR":
    case "ER_ACCESS_DENIED_NO_PASSWORD_ERROR":
      return `Access denied for user "${where.user}" on ${at}: wrong password, or the user may not connect from Ferry's host. Check the password, and that '${where.user}'@'<Ferry's host>' exists (SELECT user, host FROM mysql.user).`;
    case "ER_DBACCESS_DENIED_ERROR":
      return `User "${where.user}" may not use database "${where.database}" on ${at}. Run: GRANT SELECT, SHOW VIEW ON \`${where.database}\`.* TO '${where.user}'@'<Ferry's host>';`;
    case "ER_BAD_DB_ERROR":
      return `Database "${where.database}" does not exist on ${at}. Correct the name (SHOW DATABASES lists them).`;
    case "ER_HOST_NOT_PRIVILEGED":
      return `The server at ${at} does not let Ferry's host connect at all. Create the user for this host, or connect through an allowed one.`;
    case "ER_HOST_IS_BLOCKED":
      return `The server at ${at} blocked Ferry's host after too many failed connections. Run FLUSH HOSTS on the server (or mysqladmin flush-hosts).`;
    case "ER_CON_COUNT_ERROR":
    case "ER_TOO_MANY_USER_CONNECTIONS":
      return `The server at ${at} has no free connection slots (max_connections). Try again later or raise the limit.`;
    case "ECONNREFUSED":
      return `Nothing accepted the connection at ${at}. Check the host and port, that MySQL/MariaDB is running, and that it listens on TCP (bind-address, skip-networking).`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `The host name "${where.host}" does not resolve. Check the spelling, or use an IP address.`;
    case "ETIMEDOUT":
    case "ECONNRESET":
    case "PROTOCOL_CONNECTION_LOST":
      return `The connection to ${at} timed out or was dropped. Check firewalls, security groups and that the address is reachable from Ferry's server.`;
    case "HANDSHAKE_NO_SSL_SUPPORT":
      return `The server at ${at} does not offer TLS. Use TLS mode "disable" or "prefer", or enable TLS on the server (have_ssl).`;
  }
  if (/SSL|TLS|certificate/i.test(e.message ?? ""))
    return `TLS negotiation with ${at} failed: ${e.message}. Check the TLS mode: "require" needs a server with TLS enabled; "disable" for one without.`;
  return `Could not connect to ${at}: ${e.sqlMessage ?? e.message}`;
}
