import pg from "pg";
import { DomainError } from "@/server/errors";
import { describePgError } from "./describe-pg-error";
import { toClientConfig, type PgConnectionSettings } from "./pg-config";

/** Connects, retrying without TLS when sslmode=prefer and the server has none, as libpq does. */
export async function connectPg(
  settings: PgConnectionSettings,
  applicationName = "ferry",
): Promise<pg.Client> {
  const attempt = async (config: pg.ClientConfig) => {
    const client = new pg.Client(config);
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
