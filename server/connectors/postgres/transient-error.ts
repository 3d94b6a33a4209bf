/**
 * SQLSTATE classes and codes after which the same statement may well succeed on a new connection: the
 * connection was lost (class 08), the server or an administrator ended the session (57P01–57P03), or the
 * transaction lost a serialization race (40001, 40P01).
 */
const TRANSIENT_CODES = new Set(["57P01", "57P02", "57P03", "40001", "40P01"]);
const TRANSIENT_NODE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT"]);
const TRANSIENT_MESSAGES = [
  /Connection terminated unexpectedly/i,
  /Client has encountered a connection error and is not queryable/i,
  /terminating connection due to administrator command/i,
];

/** True when the error says the PostgreSQL session was lost, not that the work itself is wrong. */
export function isTransientPgError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (code.startsWith("08") || TRANSIENT_CODES.has(code))) return true;
  if (typeof code === "string" && TRANSIENT_NODE_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : String(err);
  return TRANSIENT_MESSAGES.some((re) => re.test(message));
}
