import { firstFew } from "@/server/migrations/plan-migration";
import { fail, pass, warn, type PreflightCheck } from "../check";

/** Transactions open longer than this on the source hold back vacuum and may hold locks the run waits on. */
export const LONG_TRANSACTION_MINUTES = 5;

export const sourceLongTransactions: PreflightCheck = {
  id: "source-long-transactions",
  title: "No long-running transactions on the source",
  appliesTo: (ctx) => ctx.sourcePg !== null,
  async run(ctx) {
    const { rows } = await ctx.sourcePg!.query<{
      pid: number;
      user: string;
      minutes: number;
      state: string;
      query: string;
    }>(
      `SELECT pid, usename AS user, round(extract(epoch FROM now() - xact_start) / 60)::int AS minutes, state,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 80) AS query
         FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
          AND now() - xact_start > make_interval(mins => $1)
        ORDER BY xact_start`,
      [LONG_TRANSACTION_MINUTES],
    );
    if (!rows.length)
      return pass(
        `No transaction on the source database has been open longer than ${LONG_TRANSACTION_MINUTES} minutes.`,
      );
    return warn(
      `${rows.length} transaction(s) have been open longer than ${LONG_TRANSACTION_MINUTES} minutes on the source: ${rows
        .slice(0, 3)
        .map((r) => `pid ${r.pid} (${r.user}, ${r.minutes} min, ${r.state}: ${r.query})`)
        .join("; ")}.`,
      `Ask their owners to finish, or end them: SELECT pg_terminate_backend(${rows[0]!.pid}); — a long transaction can hold locks the copy waits on, and it keeps the source from vacuuming while the run reads.`,
    );
  },
};

export const sourceLocks: PreflightCheck = {
  id: "source-locks",
  title: "No locks on the source tables that would block reading",
  appliesTo: (ctx) => ctx.sourcePg !== null && ctx.tables.length > 0,
  async run(ctx) {
    const { rows } = await ctx.sourcePg!.query<{ name: string; pid: number; mode: string; granted: boolean }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name, l.pid, l.mode, l.granted
         FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN unnest($1::text[], $2::text[]) AS x(s, t) ON x.s = n.nspname AND x.t = c.relname
        WHERE l.pid <> pg_backend_pid() AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND (l.mode = 'AccessExclusiveLock' OR NOT l.granted)`,
      [ctx.tables.map((t) => t.schema ?? "public"), ctx.tables.map((t) => t.name)],
    );
    if (!rows.length)
      return pass("No session holds or waits for a lock that would block reading the migration's tables.");
    const blocking = rows.filter((r) => r.mode === "AccessExclusiveLock" && r.granted);
    const evidence = `Locks on source tables: ${firstFew(rows.map((r) => `${r.name} (${r.mode}${r.granted ? "" : ", waiting"}, pid ${r.pid})`))}.`;
    const remedy = `Find the holders (SELECT * FROM pg_stat_activity WHERE pid IN (${[...new Set(rows.map((r) => r.pid))].join(", ")});) and let them finish or end them before the run; an ALTER TABLE, VACUUM FULL or REINDEX holds an ACCESS EXCLUSIVE lock that stops every read.`;
    return blocking.length
      ? fail(`${evidence} Reading these tables would wait.`, remedy)
      : warn(evidence, remedy);
  },
};
