import { tableKey, type CatalogTable } from "@/server/catalog/catalog";
import { firstFew } from "@/server/migrations/plan-migration";
import { DomainError } from "@/server/errors";
import type { MigrationOptions } from "@/contracts/migrations";
import type { MappedType } from "@/server/typemap/value-kind";
import { fail, pass, warn, type PreflightCheck } from "../check";

export type ColumnMapping = { column: string; declared: string; pgType: string | null; error: string | null };

/** Every column's PostgreSQL type as the run would choose it (the DBA's choice first), or why there is none. */
export function mapColumns(
  tables: readonly CatalogTable[],
  options: MigrationOptions,
  mapType: (declared: string, options: MigrationOptions) => MappedType,
): ColumnMapping[] {
  return tables.flatMap((t) =>
    t.columns.map((c) => {
      const column = `${tableKey(t)}.${c.name}`;
      const chosen = options.columnTypes[tableKey(t)]?.[c.name];
      if (chosen) return { column, declared: c.declaredType, pgType: chosen, error: null };
      try {
        return {
          column,
          declared: c.declaredType,
          pgType: mapType(c.declaredType, options).pgType,
          error: null,
        };
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return { column, declared: c.declaredType, pgType: null, error: err.message };
      }
    }),
  );
}

const TEXTLIKE = /char|text|clob|string|memo|json|xml|uuid|guid|enum|set/i;

/** Why a mapping can change what a value means, or null when it keeps it. */
export function lossyReason(declared: string, pgType: string): string | null {
  const d = declared.trim();
  if (d === "" && pgType === "text") return "declared with no type: taken as text";
  if (pgType === "text" && !TEXTLIKE.test(d))
    return `${d} lands as text: values keep their spelling, not their type`;
  if (/^(float|real)\b/i.test(d) && /^numeric/.test(pgType))
    return `${d} into ${pgType}: binary floating point rounded to decimal`;
  if (/money/i.test(d) && pgType !== "money")
    return `${d} into ${pgType}: currency symbol and locale dropped`;
  if (/datetimeoffset|with time zone/i.test(d) && pgType === "timestamp")
    return `${d} into timestamp: the offset is dropped`;
  return null;
}

export const unsupportedTypes: PreflightCheck = {
  id: "types-unsupported",
  title: "Every column type has a PostgreSQL mapping",
  appliesTo: (ctx) => ctx.connector !== null && ctx.tables.length > 0,
  async run(ctx) {
    const maps = mapColumns(ctx.tables, ctx.options, (d, o) => ctx.connector!.mapType(d, o));
    const bad = maps.filter((m) => m.error);
    if (bad.length)
      return fail(
        `${bad.length} column(s) have a type Ferry cannot carry: ${bad
          .slice(0, 5)
          .map((m) => `${m.column} (${m.declared}): ${m.error}`)
          .join(" ")}`,
        `Choose a PostgreSQL type for ${firstFew(
          bad.map((m) => m.column),
          3,
        )} on the migration's types step, or leave those tables out.`,
      );
    return pass(`All ${maps.length} column(s) map to a PostgreSQL type.`);
  },
};

export const lossyTypes: PreflightCheck = {
  id: "types-lossy",
  title: "No lossy type mappings",
  appliesTo: (ctx) => ctx.connector !== null && ctx.tables.length > 0,
  async run(ctx) {
    const maps = mapColumns(ctx.tables, ctx.options, (d, o) => ctx.connector!.mapType(d, o));
    const lossy = maps.flatMap((m) => {
      const why = m.pgType ? lossyReason(m.declared, m.pgType) : null;
      return why ? [`${m.column}: ${why}`] : [];
    });
    if (lossy.length)
      return warn(
        `${lossy.length} column(s) change meaning on the way: ${lossy.slice(0, 5).join("; ")}${lossy.length > 5 ? "; …" : ""}.`,
        "Review them on the migration's types step and choose a stricter PostgreSQL type where the values allow it; the dry run shows which rows would be rejected.",
      );
    return pass(`All ${maps.length} column(s) keep their meaning in PostgreSQL.`);
  },
};
