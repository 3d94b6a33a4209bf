/**
 * tedious's errors: ConnectionError / RequestError carry `code` (ELOGIN, ESOCKET, ETIMEOUT, EENCRYPT…) and
 * the socket error as `cause` (an AggregateError when every address of the host refused). A login refusal
 * has no number on the error itself; driver.ts copies it from the server's error token into `number`.
 */
type TediousLikeError = Error & {
  code?: string;
  number?: number;
  cause?: unknown;
};

type Where = { host: string; port: number; database: string; user: string };

const CERT_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The socket-level codes inside a tedious error, outermost first. */
function causeCodes(err: TediousLikeError): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== "object" || depth > 4) return;
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof x.code === "string") codes.push(x.code);
    if (typeof x.message === "string") messages.push(x.message);
    if (Array.isArray(x.errors)) for (const inner of x.errors) visit(inner, depth + 1);
    visit(x.cause, depth + 1);
  };
  visit(err.cause, 0);
  return { codes, messages };
}

/** Turns a tedious error into a sentence a DBA can act on. Never includes the password. */
export function describeMssqlError(err: unknown, where: Where): string {
  const e = (err ?? {}) as TediousLikeError;
  const at = `${where.host}:${where.port}`;
  const message = typeof e.message === "string" ? e.message : String(err);
  const { codes, messages } = causeCodes(e);
  const has = (...c: string[]) => c.some((x) => e.code === x || codes.includes(x));

  // Refusals by the server, after TCP and TLS worked.
  if (e.number === 18470 || /account is disabled/i.test(message))
    return `The login "${where.user}" is disabled on ${at}. Run: ALTER LOGIN [${where.user}] ENABLE;`;
  if (e.number === 18487 || e.number === 18488 || /password (has )?expired|must be changed/i.test(message))
    return `The password of login "${where.user}" on ${at} has expired or must be changed before first use. Change it (ALTER LOGIN [${where.user}] WITH PASSWORD = '…') and update this connection.`;
  if (e.number === 18456 || /^Login failed for user/i.test(message))
    return `Login failed for user "${where.user}" on ${at} (SQL Server error 18456). Check the password and that the login exists and is enabled; a server in Windows-authentication-only mode refuses every SQL login (enable "SQL Server and Windows Authentication mode" and restart it). The server's error log names the exact reason (the "State" of error 18456).`;
  if (e.number === 4060 || /Cannot open database/i.test(message))
    return `SQL Server at ${at} accepted user "${where.user}" but cannot open database "${where.database}" for it (error 4060): the database does not exist, is offline or restoring, or the login has no user in it. Check the name (SELECT name, state_desc FROM sys.databases), or in that database run: CREATE USER [${where.user}] FOR LOGIN [${where.user}]; ALTER ROLE db_datareader ADD MEMBER [${where.user}];`;
  if (e.number === 40615 || /is not allowed to access the server/i.test(message))
    return `The server at ${at} refuses Ferry's IP address: ${message} Add a firewall rule for Ferry's server (Azure portal → SQL server → Networking).`;
  if (e.code === "EENCRYPT" || /requires encryption/i.test(message))
    return `The server at ${at} requires an encrypted connection. Turn "encrypt" on for this connection.`;

  // TLS: the certificate, then the protocol version.
  if (has(...CERT_CODES) || messages.some((m) => /certificate/i.test(m))) {
    const self = has("DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN");
    const name = has("ERR_TLS_CERT_ALTNAME_INVALID");
    const why = self
      ? "it is self-signed (SQL Server generates one at install)"
      : name
        ? `it is not issued for the name "${where.host}"`
        : "it is not signed by an authority Ferry's server trusts, or has expired";
    return `The TLS certificate of the server at ${at} is not trusted: ${why}. Install a certificate from a trusted authority on SQL Server${name ? ", or connect with the host name the certificate names" : ""}; or, on a network you trust, set "trust server certificate" (the connection stays encrypted but the server is not verified).`;
  }
  if (
    messages.some((m) => /unsupported protocol|wrong version number|no protocols available|ssl|tls/i.test(m))
  )
    return `TLS negotiation with ${at} failed: ${messages.find((m) => /ssl|tls|protocol/i.test(m))}. An old SQL Server (2008–2014 without updates) may offer only TLS 1.0/1.1, which Node refuses: update SQL Server to support TLS 1.2.`;

  // The network.
  if (has("ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"))
    return `The host name "${where.host}" does not resolve. Check the spelling, or use an IP address.`;
  if (has("ECONNREFUSED"))
    return `Nothing accepted the connection at ${at}: SQL Server is unreachable there. Check the host and port, that SQL Server is running, that TCP/IP is enabled for it (SQL Server Configuration Manager → Protocols; a named instance listens on its own port, not 1433), and that a firewall lets ${where.port}/tcp through.`;
  if (has("EHOSTUNREACH", "ENETUNREACH"))
    return `There is no route from Ferry's server to ${at}: SQL Server is unreachable. Check the address and the network (VPN, security groups).`;
  if (e.code === "ETIMEOUT" || has("ETIMEDOUT"))
    return `No SQL Server answered at ${at} within the connect timeout: it is unreachable, or something else listens on that port. Check the host and port, and that firewalls or security groups let ${where.port}/tcp through from Ferry's server.`;
  if (has("ECONNRESET", "EPIPE") || /socket hang up|Connection lost/i.test(message))
    return `The server at ${at} closed the connection during the handshake. Check the port: it may not be SQL Server listening there (a PostgreSQL or MySQL port?), or a proxy refused Ferry.`;

  if (typeof e.number === "number") return `SQL Server at ${at} refused: ${message} (error ${e.number}).`;
  return `Could not connect to SQL Server at ${at}: ${message}`;
}
