import { pass, warn, fail, type PreflightCheck } from "../check";

export const sourceEncoding: PreflightCheck = {
  id: "source-encoding",
  title: "Source text encoding known",
  appliesTo: (ctx) => ctx.connector !== null,
  async run(ctx) {
    switch (ctx.source.engine) {
      case "postgres": {
        const { rows } = await ctx.sourcePg!.query<{ e: string }>(
          "SELECT current_setting('server_encoding') AS e",
        );
        const e = rows[0]!.e;
        if (e === "SQL_ASCII")
          return warn(
            "The source database is SQL_ASCII: PostgreSQL stored the bytes without checking them, so text may be in any encoding, or several.",
            "Find out what the application wrote (often LATIN1 or WIN1252); invalid UTF-8 rows will be rejected and listed. Clean or convert them in the source first if they matter.",
          );
        return pass(
          `The source database is ${e}; PostgreSQL converts it to the target's encoding on the way.`,
        );
      }
      case "access":
        return pass(
          `Access text is decoded as ${ctx.source.encoding} (the connection's setting); check a preview of Korean or accented text on the Connections page if unsure.`,
        );
      case "sqlite":
        return pass(
          "SQLite stores text as UTF-8 (or UTF-16, converted by the driver); a value that is not valid UTF-8 goes to the run's reject list, never in silently.",
        );
      default:
        return pass(
          `The ${ctx.source.engine} driver returns text as Unicode, converted from each column's collation.`,
        );
    }
  },
};

export const targetEncoding: PreflightCheck = {
  id: "target-encoding",
  title: "Target database is UTF8",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const { rows } = await ctx.targetPg!.query<{ e: string; d: string }>(
      "SELECT current_setting('server_encoding') AS e, current_database() AS d",
    );
    const { e, d } = rows[0]!;
    if (e === "UTF8") return pass(`Database "${d}" is UTF8: every character the source holds can be stored.`);
    const remedy = `Create the target database with UTF8: CREATE DATABASE "${d}" ENCODING 'UTF8' TEMPLATE template0; and point the connection at it.`;
    if (e === "SQL_ASCII")
      return fail(
        `Database "${d}" is SQL_ASCII: PostgreSQL would store bytes without checking or converting them.`,
        remedy,
      );
    return warn(`Database "${d}" is ${e}, not UTF8: text the encoding cannot hold fails to load.`, remedy);
  },
};
