import type pg from "pg";
import type { RunStep } from "@/contracts/runs";

const POLL_MS = 500;

/** Indexes of user schemas, the same count on source and target; TimescaleDB's internal chunks are not the user's. */
export const USER_INDEXES_SQL = `
  SELECT count(*)::int AS n
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND n.nspname NOT LIKE '\\_timescaledb%' AND n.nspname NOT LIKE 'timescaledb\\_%'
     AND NOT (i.indexrelid::text = ANY ($1::text[]))`;

type Progress = {
  index: string;
  table: string;
  phase: string;
  blocks_done: string;
  blocks_total: string;
  tuples_done: string;
  tuples_total: string;
};

/**
 * Reports index builds on the target while `work` runs (pg_dump's post-data section): how many of the
 * source's indexes exist so far, and the phase and share of the one being built (pg_stat_progress_create_index).
 */
export async function watchIndexBuilds<T>(opts: {
  total: number;
  query: <R>(fn: (c: pg.Client) => Promise<R>) => Promise<R>;
  report: (step: RunStep | null) => Promise<void>;
  work: () => Promise<T>;
}): Promise<T> {
  let stopped = false;
  let stop = () => {};
  const stopping = new Promise<void>((r) => (stop = r));
  const poll = async () => {
    const built = await opts.query(
      async (c) => (await c.query<{ n: number }>(USER_INDEXES_SQL, [[]])).rows[0]!.n,
    );
    const active = await opts.query(
      async (c) =>
        (
          await c.query<Progress>(
            `SELECT index_relid::regclass::text AS index, relid::regclass::text AS table, phase,
                    blocks_done, blocks_total, tuples_done, tuples_total
               FROM pg_stat_progress_create_index WHERE datname = current_database() LIMIT 1`,
          )
        ).rows[0],
    );
    await opts.report({
      label: `Indexes: ${Math.min(built, opts.total)} of ${opts.total} built`,
      detail: active ? describe(active) : null,
      done: Math.min(built, opts.total),
      total: opts.total,
    });
  };
  const loop = (async () => {
    while (!stopped) {
      await poll().catch(() => undefined);
      // The work's end wakes the poller at once, not up to POLL_MS later.
      await Promise.race([stopping, new Promise((r) => setTimeout(r, POLL_MS))]);
    }
  })();
  try {
    return await opts.work();
  } finally {
    stopped = true;
    stop();
    await loop;
  }
}

function describe(p: Progress): string {
  const [done, total] =
    Number(p.blocks_total) > 0 ? [p.blocks_done, p.blocks_total] : [p.tuples_done, p.tuples_total];
  const share = Number(total) > 0 ? ` (${Math.round((Number(done) / Number(total)) * 100)}%)` : "";
  // pg_stat_progress_create_index reports the index as an OID until its catalog row is committed.
  const index = /^\d+$/.test(p.index) ? "an index" : p.index;
  return `Building ${index} on ${p.table}: ${p.phase}${share}`;
}
