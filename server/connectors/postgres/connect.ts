import pg from "pg";
import { DomainError } from "@/server/errors";
import { describePgError } from "./describe-pg-error";
import { toClientConfig, type PgConnectionSettings } from "./pg-config";
import { ReadTap } from "./read-tap";

/**
 * Connects, retrying without TLS when sslmode=prefer and the server has none, as libpq does. `readTap` gives a
 * session without TLS a socket that reads into one reused buffer (see ReadTap), for sessions that relay COPY data.
 */
export async function connectPg(
  settings: PgConnectionSettings,
  applicationName = "ferry",
  opts: { readTap?: boolean } = {},
): Promise<pg.Client> {
  const attempt = async (config: pg.ClientConfig) => {
    const client = new pg.Client(
      opts.readTap && !config.ssl ? { ...config, stream: () => new ReadTap().socket } : config,
    );
    client.on("error", () => undefined); // a dropped connection surfaces on the next query instead
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  };
  const config = toClientConfig(settings, applicationName);
  try {
    try {
      return await attempt(config);
    } catch (err) {
      if (settings.sslmode === "prefer" && config.ssl && /does not support SSL/i.test((err as Error).message))
        return await attempt({ ...config, ssl: false });
      throw err;
    }
  } catch (err) {
    throw new DomainError(400, "connection_failed", describePgError(err, settings));
  }
}
