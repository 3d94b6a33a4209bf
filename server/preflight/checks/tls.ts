import type { LoadedConnection } from "@/server/connections/load-connection";
import { pass, warn, type CheckOutcome, type PreflightCheck } from "../check";
import { isLocalHost } from "../context";

const STRONG = new Set(["require", "verify-ca", "verify-full"]);

/** sslmode=require or stronger for any server that is not on this machine; sslInUse is what pg_stat_ssl saw. */
export function tlsVerdict(
  side: string,
  host: string,
  sslmode: string,
  sslInUse: boolean | null,
): CheckOutcome {
  if (isLocalHost(host))
    return pass(
      `The ${side} is on this machine (${host}); sslmode=${sslmode} is fine for a local connection.`,
    );
  if (STRONG.has(sslmode))
    return pass(
      `The ${side} at ${host} is reached with sslmode=${sslmode}${sslInUse === true ? " and the session is encrypted (pg_stat_ssl)" : ""}.`,
    );
  const now =
    sslInUse === true
      ? "the session happens to be encrypted now, but"
      : sslInUse === false
        ? "the session is not encrypted, and"
        : "";
  return warn(
    `The ${side} at ${host} is not on this machine and uses sslmode=${sslmode}: ${now} passwords and rows ${sslmode === "disable" ? "travel" : "may travel"} in clear text.`,
    `Edit the ${side} connection to use sslmode=require (or verify-full with the server's CA) and enable ssl on the server if it is off.`,
  );
}

async function sslInUse(
  client: { query: (q: string) => Promise<{ rows: { ssl: boolean | null }[] }> } | null,
) {
  if (!client) return null;
  return (
    (await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).rows[0]?.ssl ?? null
  );
}

const settings = (c: LoadedConnection) => (c.engine === "postgres" ? c.settings : null);

export const sourceTls: PreflightCheck = {
  id: "source-tls",
  title: "TLS to the source (sslmode=require or stronger off this machine)",
  appliesTo: (ctx) => ctx.source.engine === "postgres",
  async run(ctx) {
    const s = settings(ctx.source)!;
    return tlsVerdict("source", s.host, s.sslmode, await sslInUse(ctx.sourcePg));
  },
};

export const targetTls: PreflightCheck = {
  id: "target-tls",
  title: "TLS to the target (sslmode=require or stronger off this machine)",
  appliesTo: (ctx) => ctx.target.engine === "postgres",
  async run(ctx) {
    const s = settings(ctx.target)!;
    return tlsVerdict("target", s.host, s.sslmode, await sslInUse(ctx.targetPg));
  },
};
