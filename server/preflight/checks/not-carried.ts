import { pass, warn, type PreflightCheck } from "../check";

/**
 * What the source holds that the run does not carry (triggers, routines, views, events, defaults it cannot
 * translate…), as the connector's catalog notes and the plan name them: each must be recreated by hand.
 */
export const notCarried: PreflightCheck = {
  id: "not-carried",
  title: "Everything in the source is carried",
  appliesTo: (ctx) => ctx.sourcePlan !== null,
  async run(ctx) {
    const p = ctx.sourcePlan!;
    const notes = [...(p.catalog.notes ?? []), ...(p.plan?.skippedDefaults ?? [])];
    if (!notes.length)
      return pass("The source holds nothing besides the tables' data and keys that the run would leave out.");
    return warn(
      `${notes.length} thing(s) in the source are not carried as they are: ${notes.join(" ")}`,
      "Recreate each of them on the target by hand after the run (PL/pgSQL for triggers and routines, CREATE VIEW for views, a scheduler for events, ALTER TABLE … SET DEFAULT for defaults), or accept that they are gone.",
    );
  },
};
