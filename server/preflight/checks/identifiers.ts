import { tableKey, type CatalogTable } from "@/server/catalog/catalog";
import { firstFew } from "@/server/migrations/plan-migration";
import { fail, pass, warn, type PreflightCheck } from "../check";

export const MAX_IDENTIFIER_BYTES = 63;

/** Every name the migration creates in the target: tables and their columns, with where each comes from. */
export function targetIdentifiers(tables: readonly CatalogTable[]): { name: string; where: string }[] {
  return tables.flatMap((t) => [
    { name: t.name, where: `table ${tableKey(t)}` },
    ...t.columns.map((c) => ({ name: c.name, where: `column ${tableKey(t)}.${c.name}` })),
  ]);
}

export function tooLong(names: readonly { name: string; where: string }[]) {
  return names
    .map((n) => ({ ...n, bytes: Buffer.byteLength(n.name, "utf8") }))
    .filter((n) => n.bytes > MAX_IDENTIFIER_BYTES);
}

/** Tables or columns of one table whose names PostgreSQL would treat as one (case-insensitive clash). */
export function caseClashes(tables: readonly CatalogTable[]): string[] {
  const clashes: string[] = [];
  const seen = (names: string[], where: string) => {
    const byLower = new Map<string, string>();
    for (const n of names) {
      const other = byLower.get(n.toLowerCase());
      if (other !== undefined && other !== n) clashes.push(`${where} "${other}" and "${n}"`);
      byLower.set(n.toLowerCase(), n);
    }
  };
  const bySchema = new Map<string, string[]>();
  for (const t of tables) bySchema.set(t.schema ?? "", [...(bySchema.get(t.schema ?? "") ?? []), t.name]);
  for (const names of bySchema.values()) seen(names, "tables");
  for (const t of tables)
    seen(
      t.columns.map((c) => c.name),
      `columns of ${tableKey(t)}`,
    );
  return clashes;
}

/** PostgreSQL's reserved key words (pg_get_keywords() catcode 'R'), for when the target cannot be asked. */
export const RESERVED_FALLBACK = new Set(
  "all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing primary references returning select session_user some symmetric system_user table then to trailing true union unique user using variadic when where window with".split(
    " ",
  ),
);

export const identifierLength: PreflightCheck = {
  id: "identifiers-length",
  title: `Names fit PostgreSQL's ${MAX_IDENTIFIER_BYTES}-byte limit`,
  appliesTo: (ctx) => ctx.tables.length > 0,
  async run(ctx) {
    const long = tooLong(targetIdentifiers(ctx.tables));
    if (long.length)
      return fail(
        `${long.length} name(s) are longer than ${MAX_IDENTIFIER_BYTES} bytes, which PostgreSQL would silently cut (and two cut names may collide): ${long
          .slice(0, 5)
          .map((n) => `${n.where} (${n.bytes} bytes)`)
          .join(", ")}.`,
        `Rename them in the source to ${MAX_IDENTIFIER_BYTES} bytes or fewer (ALTER TABLE … RENAME …), or leave those tables out of the migration.`,
      );
    return pass(
      `All ${targetIdentifiers(ctx.tables).length} table and column names are ${MAX_IDENTIFIER_BYTES} bytes or shorter.`,
    );
  },
};

export const identifierReserved: PreflightCheck = {
  id: "identifiers-reserved",
  title: "No reserved words as names",
  appliesTo: (ctx) => ctx.tables.length > 0,
  async run(ctx) {
    const reserved = ctx.targetPg
      ? new Set(
          (
            await ctx.targetPg.query<{ word: string }>(
              "SELECT word FROM pg_get_keywords() WHERE catcode = 'R'",
            )
          ).rows.map((r) => r.word),
        )
      : RESERVED_FALLBACK;
    const hits = targetIdentifiers(ctx.tables).filter((n) => reserved.has(n.name.toLowerCase()));
    if (hits.length)
      return warn(
        `${hits.length} name(s) are reserved words in PostgreSQL: ${firstFew(hits.map((h) => `${h.where}`))}. Ferry quotes them, but every query the application writes must too ("user", not user).`,
        `Rename them in the source, or make sure the application quotes ${firstFew(
          hits.map((h) => `"${h.name}"`),
          3,
        )} in its SQL.`,
      );
    return pass("No table or column is named after a PostgreSQL reserved word.");
  },
};

export const identifierCase: PreflightCheck = {
  id: "identifiers-case",
  title: "Names are lower case (no quoting needed)",
  appliesTo: (ctx) => ctx.tables.length > 0 && ctx.source.engine !== "postgres",
  async run(ctx) {
    const mixed = targetIdentifiers(ctx.tables).filter(
      (n) => n.name !== n.name.toLowerCase() || /[^a-z0-9_]/.test(n.name),
    );
    if (mixed.length)
      return warn(
        `${mixed.length} name(s) keep upper case or special characters, so in PostgreSQL they must always be double-quoted: ${firstFew(mixed.map((m) => m.where))}.`,
        `Queries must say "${mixed[0]!.name}" with quotes; unquoted, PostgreSQL folds the name to lower case and will not find it. Update the application's SQL, or rename the objects after the run.`,
      );
    return pass("All names are lower case letters, digits and underscores.");
  },
};

export const identifierClash: PreflightCheck = {
  id: "identifiers-clash",
  title: "No two names differ only by case",
  appliesTo: (ctx) => ctx.tables.length > 0,
  async run(ctx) {
    const clashes = caseClashes(ctx.tables);
    if (clashes.length)
      return warn(
        `These names differ only by case: ${clashes.slice(0, 5).join("; ")}. Ferry quotes names, so PostgreSQL keeps both, but unquoted SQL folds them to one lower-case name and reaches only one of them (or neither).`,
        "Rename one of each pair in the source, or make sure every query quotes them exactly.",
      );
    return pass("No two tables, and no two columns of one table, differ only by case.");
  },
};
