type PgLikeError = Error & { code?: string; hostname?: string; address?: string; port?: number };

/** Turns a driver error into a sentence a DBA can act on. Never includes the password. */
export function describePgError(
  err: unknown,
  where: { host: string; port: number; database: string; user: string },
): string {
  const e = err as PgLikeError;
  const at = `${where.host}:${where.port}`;
  switch (e.code) {
    case "28P01":
      return `Password authentication failed for user "${where.user}" on ${at}. Check the password (and that the user exists on this server).`;
    case "28000":
      return `The server at ${at} refused user "${where.user}" for database "${where.database}": ${e.message}. Check the user name, and that pg_hba.conf allows this host, user and database.`;
    case "3D000":
      return `Database "${where.database}" does not exist on ${at}. Create it (CREATE DATABASE) or correct the name.`;
    case "ECONNREFUSED":
      return `Nothing accepted the connection at ${at}. Check the host and port, that PostgreSQL is running, and that it listens on TCP (listen_addresses).`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `The host name "${where.host}" does not resolve. Check the spelling, or use an IP address.`;
    case "ETIMEDOUT":
    case "ECONNRESET":
      return `The connection to ${at} timed out or was dropped. Check firewalls, security groups and that the address is reachable from Ferry's server.`;
    case "53300":
      return `The server at ${at} has no free connection slots (max_connections). Try again later or raise the limit.`;
    case "57P03":
      return `The server at ${at} is starting up or shutting down. Try again in a moment.`;
  }
  if (/SSL/i.test(e.message ?? ""))
    return `TLS negotiation with ${at} failed: ${e.message}. Check sslmode: "require" needs a server with SSL enabled; "disable" for one without.`;
  if (/timeout/i.test(e.message ?? ""))
    return `The connection to ${at} timed out. Check the host, port and any firewall between Ferry and the server.`;
  return `Could not connect to ${at}: ${e.message}`;
}
