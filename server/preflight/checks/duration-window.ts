import { fail, pass, warn, type CheckOutcome, type PreflightCheck } from "../check";

export const formatMinutes = (m: number) =>
  m < 1 ? "under a minute" : m < 120 ? `${Math.round(m)} min` : `${(m / 60).toFixed(1)} h`;

/** The run's estimate against the window: over it fails, within 80 % of it warns. */
export function windowVerdict(
  estimatedMinutes: number | null,
  windowMinutes: number,
  basis: string,
): CheckOutcome {
  if (estimatedMinutes === null)
    return warn(
      `A ${windowMinutes}-minute window is planned, but there is no estimate: ${basis}`,
      "Run a small migration of the same engine on this installation first (it gives the copy rate), or time a rehearsal copy of the largest table.",
    );
  if (estimatedMinutes > windowMinutes)
    return fail(
      `The copy is estimated at ${formatMinutes(estimatedMinutes)}, longer than the planned ${windowMinutes}-minute window (${basis}).`,
      "Widen the window, raise parallel tables, move the largest tables to an earlier run, or leave archive tables out.",
    );
  if (estimatedMinutes > windowMinutes * 0.8)
    return warn(
      `The copy is estimated at ${formatMinutes(estimatedMinutes)}, over 80 % of the ${windowMinutes}-minute window (${basis}); verification and post-data come on top.`,
      "Leave margin: widen the window or raise parallel tables.",
    );
  return pass(
    `The copy is estimated at ${formatMinutes(estimatedMinutes)}, within the ${windowMinutes}-minute window (${basis}).`,
  );
}

export const durationWindow: PreflightCheck = {
  id: "duration-window",
  title: "Estimated duration fits the planned window",
  appliesTo: (ctx) => ctx.options.plannedWindowMinutes !== null && ctx.tables.length > 0,
  async run(ctx) {
    const rate = await ctx.rate();
    const rows = ctx.tables.reduce((n, t) => n + t.rowCount, 0);
    const basis = rate
      ? `${rows.toLocaleString("en")} rows at ${Math.round(rate.rowsPerSecond).toLocaleString("en")} rows/s, the rate of ${rate.runs} earlier ${ctx.source.engine} run(s) here`
      : `no earlier ${ctx.source.engine} run on this installation to take a rate from.`;
    return windowVerdict(
      rate ? rows / rate.rowsPerSecond / 60 : null,
      ctx.options.plannedWindowMinutes!,
      basis,
    );
  },
};
