import type pg from "pg";
import { connectPg } from "@/server/connectors/postgres/connect";
import { beginSnapshotRead } from "@/server/connectors/postgres/copy-out";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import { quoteLiteral } from "@/server/plan/identifiers";
import { prepareTargetSession } from "@/server/target/session";
import { IdleSessions } from "./idle-sessions";

/** Sessions left by this process's chunks (or opened ahead for them) for the next chunk of the same attempt. */
export const chunkSessions = new IdleSessions();

type Attempt = { runId: string; attempt: number; snapshotId: string | null };

/** A source session is only good for its attempt's snapshot, a target session for its attempt. */
export const chunkSessionKeys = ({ runId, attempt, snapshotId }: Attempt) => ({
  source: `${runId}\0${attempt}\0${snapshotId}\0source`,
  target: `${runId}\0${attempt}\0target`,
});

/** A source session reading the run's snapshot, its socket reading into one reused buffer (see ReadTap). */
export const openChunkSource = (settings: PgConnectionSettings, name: string, snapshotId: string | null) =>
  session(settings, name, (c) => beginSnapshotRead(c, snapshotId), { readTap: true });

export const openChunkTarget = (settings: PgConnectionSettings, name: string) =>
  session(settings, name, prepareTargetSession);

/** An idle session of the same attempt, renamed for this chunk; else a new one. */
export async function reuseOr(
  key: string,
  applicationName: string,
  open: (applicationName: string) => Promise<pg.Client>,
): Promise<pg.Client> {
  const idle = chunkSessions.take(key);
  if (idle) {
    try {
      await idle.query(`SET application_name = ${quoteLiteral(applicationName)}`);
      return idle;
    } catch {
      await idle.end().catch(() => undefined); // gone while idle: a new one does the chunk
    }
  }
  return open(applicationName);
}

const AHEAD_IDLE_MS = 30_000;

/**
 * Opens the first chunks' sessions while the run still restores its schema, so that the first COPY does not
 * wait for two connections (one backend start and, on a cloud database, one TLS handshake each). A chunk job
 * of this process takes them; one in another process opens its own, and these close unused.
 */
export async function openChunkSessionsAhead(
  attempt: Attempt,
  settings: { source: PgConnectionSettings; target: PgConnectionSettings },
  count: number,
): Promise<void> {
  const keys = chunkSessionKeys(attempt);
  await Promise.all(
    Array.from({ length: count }, async () => {
      const [source, target] = await Promise.allSettled([
        openChunkSource(settings.source, "ferry-copy-out", attempt.snapshotId),
        openChunkTarget(settings.target, "ferry-chunk"),
      ]);
      if (source.status === "fulfilled") chunkSessions.give(keys.source, source.value, AHEAD_IDLE_MS);
      if (target.status === "fulfilled") chunkSessions.give(keys.target, target.value, AHEAD_IDLE_MS);
    }),
  );
}

/** A connected session, set up by `setup`; closed again if that fails. */
async function session(
  settings: PgConnectionSettings,
  applicationName: string,
  setup: (c: pg.Client) => Promise<void>,
  opts: { readTap?: boolean } = {},
): Promise<pg.Client> {
  const c = await connectPg(settings, applicationName, opts);
  try {
    await setup(c);
    return c;
  } catch (err) {
    await c.end().catch(() => undefined);
    throw err;
  }
}
