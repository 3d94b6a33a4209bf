import { fail, pass, type PreflightCheck } from "../check";

export const MIN_TARGET_MAJOR = 13;

export const targetVersion: PreflightCheck = {
  id: "target-version",
  title: `Target is PostgreSQL ${MIN_TARGET_MAJOR} or newer`,
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const { rows } = await ctx.targetPg!.query<{ v: string; n: string }>(
      "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
    );
    const major = Math.floor(Number(rows[0]!.n) / 10000);
    if (major < MIN_TARGET_MAJOR)
      return fail(
        `The target runs PostgreSQL ${rows[0]!.v}; Ferry needs ${MIN_TARGET_MAJOR} or newer.`,
        `Upgrade the target server to PostgreSQL ${MIN_TARGET_MAJOR} or later (pg_upgrade, or a new managed instance), or choose another target.`,
      );
    return pass(`PostgreSQL ${rows[0]!.v} (major ${major} ≥ ${MIN_TARGET_MAJOR}).`);
  },
};
