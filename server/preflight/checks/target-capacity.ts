import { fail, pass, warn, type PreflightCheck } from "../check";

export const targetConnectionSlots: PreflightCheck = {
  id: "target-connection-slots",
  title: "Enough free connections on the target",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const { rows } = await ctx.targetPg!.query<{
      max: number;
      reserved: number;
      used: number;
      rolelimit: number;
    }>(
      `SELECT current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int AS reserved,
              (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
              (SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user) AS rolelimit`,
    );
    const r = rows[0]!;
    const need = ctx.options.parallelTables + 2;
    const free = r.max - r.reserved - r.used;
    if (r.rolelimit >= 0 && r.rolelimit < need)
      return fail(
        `The target role may open only ${r.rolelimit} connection(s) (rolconnlimit); the run needs ${need} (${ctx.options.parallelTables} parallel tables + 2).`,
        `Raise it: ALTER ROLE CURRENT_USER CONNECTION LIMIT ${need + 2}; or lower "parallel tables" in the migration's options.`,
      );
    if (free < need)
      return warn(
        `${free} connection slot(s) free on the target (max_connections ${r.max}, ${r.reserved} reserved, ${r.used} in use); the run needs ${need}.`,
        'Lower "parallel tables", close idle sessions, or raise max_connections (restart) before the run.',
      );
    return pass(`${free} connection slot(s) free on the target; the run needs ${need}.`);
  },
};
