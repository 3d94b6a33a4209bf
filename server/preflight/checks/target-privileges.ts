import type pg from "pg";
import { fail, pass, warn, type PreflightCheck } from "../check";
import type { PreflightContext } from "../context";

type Who = { u: string; d: string; superuser: boolean };

async function who(c: pg.Client): Promise<Who> {
  const { rows } = await c.query<Who>(
    "SELECT current_user AS u, current_database() AS d, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser",
  );
  return rows[0]!;
}

/** The target schemas this migration writes into, each once. */
const targetSchemas = (ctx: PreflightContext) => [
  ...new Set(ctx.targetNames.length ? ctx.targetNames.map((t) => t.schema) : [ctx.options.targetSchema]),
];

export const targetConnectPrivilege: PreflightCheck = {
  id: "target-connect-privilege",
  title: "CONNECT on the target database",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const w = await who(ctx.targetPg!);
    const { rows } = await ctx.targetPg!.query<{ ok: boolean }>(
      "SELECT has_database_privilege(current_database(), 'CONNECT') AS ok",
    );
    if (!rows[0]!.ok)
      return fail(
        `"${w.u}" connected now but holds no CONNECT privilege on "${w.d}" (it may come from a role membership that is being revoked); the run's parallel sessions could be refused.`,
        `Run: GRANT CONNECT ON DATABASE "${w.d}" TO "${w.u}";`,
      );
    return pass(`"${w.u}" has CONNECT on database "${w.d}".`);
  },
};

export const targetCreateOnDatabase: PreflightCheck = {
  id: "target-create-database",
  title: "CREATE on the target database (to create schemas)",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const w = await who(ctx.targetPg!);
    const { rows } = await ctx.targetPg!.query<{ ok: boolean }>(
      "SELECT has_database_privilege(current_database(), 'CREATE') AS ok",
    );
    if (rows[0]!.ok || w.superuser)
      return pass(`"${w.u}" may create schemas in database "${w.d}"${w.superuser ? " (superuser)" : ""}.`);
    const missing = [];
    for (const s of targetSchemas(ctx)) {
      const { rows: r } = await ctx.targetPg!.query<{ exists: boolean }>(
        "SELECT to_regnamespace(quote_ident($1)) IS NOT NULL AS exists",
        [s],
      );
      if (!r[0]!.exists) missing.push(s);
    }
    const remedy = `Run: GRANT CREATE ON DATABASE "${w.d}" TO "${w.u}";`;
    if (missing.length || ctx.source.engine === "postgres")
      return fail(
        `"${w.u}" has no CREATE privilege on database "${w.d}"${missing.length ? `, and the schema(s) ${missing.join(", ")} do not exist yet` : ", and a PostgreSQL source's schemas are created by the restore"}.`,
        remedy,
      );
    return warn(
      `"${w.u}" has no CREATE privilege on database "${w.d}"; the target schema(s) already exist, so only tables are created.`,
      `${remedy} (needed only if the migration is later pointed at a new schema).`,
    );
  },
};

export const targetCreateOnSchema: PreflightCheck = {
  id: "target-create-schema",
  title: "CREATE on the target schema (to create tables)",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const w = await who(ctx.targetPg!);
    const problems: string[] = [];
    const fine: string[] = [];
    for (const s of targetSchemas(ctx)) {
      const { rows } = await ctx.targetPg!.query<{ exists: boolean; ok: boolean | null }>(
        `SELECT to_regnamespace(quote_ident($1)) IS NOT NULL AS exists,
                CASE WHEN to_regnamespace(quote_ident($1)) IS NULL THEN NULL
                     ELSE has_schema_privilege(to_regnamespace(quote_ident($1)), 'CREATE')
                          AND has_schema_privilege(to_regnamespace(quote_ident($1)), 'USAGE') END AS ok`,
        [s],
      );
      const r = rows[0]!;
      if (!r.exists) fine.push(`${s} (will be created)`);
      else if (r.ok || w.superuser) fine.push(s);
      else problems.push(s);
    }
    if (problems.length)
      return fail(
        `"${w.u}" has no CREATE (or USAGE) privilege on schema(s) ${problems.join(", ")} in "${w.d}", so Ferry cannot create tables there.`,
        problems.map((s) => `GRANT USAGE, CREATE ON SCHEMA "${s}" TO "${w.u}";`).join(" ") +
          " (or set another target schema in the migration's options).",
      );
    return pass(`"${w.u}" may create tables in schema(s) ${fine.join(", ")}.`);
  },
};

export const targetInsert: PreflightCheck = {
  id: "target-insert",
  title: "INSERT into the target tables",
  appliesTo: (ctx) => ctx.targetPg !== null,
  async run(ctx) {
    const w = await who(ctx.targetPg!);
    const { rows } = await ctx.targetPg!.query<{ name: string; ok: boolean }>(
      `SELECT format('%I.%I', s, t) AS name, has_table_privilege(format('%I.%I', s, t), 'INSERT') AS ok
         FROM unnest($1::text[], $2::text[]) AS x(s, t) WHERE to_regclass(format('%I.%I', s, t)) IS NOT NULL`,
      [ctx.targetNames.map((t) => t.schema), ctx.targetNames.map((t) => t.target)],
    );
    const denied = rows.filter((r) => !r.ok).map((r) => r.name);
    if (denied.length)
      return fail(
        `"${w.u}" may not INSERT into existing target table(s) ${denied.join(", ")}.`,
        denied.map((n) => `GRANT INSERT ON ${n} TO "${w.u}";`).join(" "),
      );
    return pass(
      rows.length
        ? `"${w.u}" may INSERT into the ${rows.length} target table(s) that already exist.`
        : `No target table exists yet: Ferry creates them, so "${w.u}" owns them and may INSERT (COPY).`,
    );
  },
};
