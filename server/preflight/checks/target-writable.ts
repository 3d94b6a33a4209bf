import { fail, pass, type PreflightCheck } from "../check";

export const targetWritable: PreflightCheck = {
  id: "target-writable",
  title: "Target accepts writes (not a standby, not read-only)",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const { rows } = await ctx.targetPg!.query<{ recovery: boolean; ro: string; u: string }>(
      "SELECT pg_is_in_recovery() AS recovery, current_setting('default_transaction_read_only') AS ro, current_user AS u",
    );
    const r = rows[0]!;
    if (r.recovery)
      return fail(
        "The target server is a read-only standby (pg_is_in_recovery() is true).",
        "Point the target connection at the primary server, not a replica.",
      );
    if (r.ro === "on")
      return fail(
        `default_transaction_read_only is on for "${r.u}" on the target: every transaction is read-only.`,
        `Run: ALTER ROLE "${r.u}" SET default_transaction_read_only = off; (or clear it for the database) and reconnect.`,
      );
    return pass("The target is a primary and transactions are read-write.");
  },
};
