import { checkPgDump } from "@/server/connectors/postgres/pg-tools";
import { readServerMajor } from "@/server/connectors/postgres/server-major";
import { DomainError } from "@/server/errors";
import { fail, pass, type PreflightCheck } from "../check";

export const pgDumpAvailable: PreflightCheck = {
  id: "pg-dump",
  title: "pg_dump on the worker is new enough for the source",
  appliesTo: (ctx) => ctx.sourcePg !== null && Boolean(ctx.connector?.capabilities.schemaFromPgDump),
  async run(ctx) {
    const major = await readServerMajor(ctx.sourcePg!);
    try {
      const { version } = checkPgDump(major);
      return pass(`pg_dump ${version} on the worker can dump a PostgreSQL ${major} source.`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return fail(
        `pg_dump cannot dump this source: ${err.message}`,
        `Install the PostgreSQL ${major} client (or newer) on every worker host.`,
      );
    }
  },
};
