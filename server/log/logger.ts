import pino from "pino";

/**
 * Anything that can hold a credential, at any depth pino can match. Connection settings pass through
 * many shapes (config objects, pg options, errors that carry them), so the common names are covered.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "*.*.password",
  "secret",
  "*.secret",
  "sealedSecret",
  "*.sealedSecret",
  "url",
  "*.url",
  "*.*.url",
  "connectionString",
  "*.connectionString",
  "*.*.connectionString",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "*.headers.authorization",
];

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      base: { pid: process.pid, service: "ferry" },
      // Not env(): the logger is made at import, before a worker has loaded .env.local, and env() caches.
      level: process.env.FERRY_LOG_LEVEL ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

/** One JSON line per event on stdout; workers add runId/jobId with child loggers. */
export const logger = createLogger();
