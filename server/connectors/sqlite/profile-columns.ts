import type Database from "better-sqlite3";
import type { ColumnProfile } from "@/contracts/connections";
import type { MigrationOptions } from "@/contracts/migrations";
import type { CatalogTable } from "@/server/catalog/catalog";
import { mapSqliteType } from "@/server/typemap/sqlite-types";
import { findRejects } from "./find-rejects";
import { quoteSqlite } from "./introspect";
import { rowidAlias } from "./read-copy-text";

const MISFIT_SCAN_CAP = 100_000;

type Counts = { integer: number; real: number; text: number; blob: number; null: number };

/**
 * What SQLite really holds in each column (its typing is per value, not per column) and the PostgreSQL type
 * that holds every value as it is, with the evidence a DBA needs to accept or override it.
 */
export function profileColumns(
  database: Database.Database,
  table: CatalogTable,
  options: Pick<MigrationOptions, "dates">,
): ColumnProfile[] {
  const cols = table.columns.map((c) => ({ ...c, q: quoteSqlite(c.name) }));
  const aggregates = cols
    .map(
      (c, i) => `sum(typeof(${c.q}) = 'integer') AS i${i}, sum(typeof(${c.q}) = 'real') AS r${i},
        sum(typeof(${c.q}) = 'text') AS t${i}, sum(typeof(${c.q}) = 'blob') AS b${i}, sum(${c.q} IS NULL) AS n${i},
        max(CASE WHEN typeof(${c.q}) IN ('text', 'blob') THEN length(CAST(${c.q} AS BLOB)) END) AS l${i},
        sum(typeof(${c.q}) = 'text' AND instr(CAST(${c.q} AS BLOB), x'00') > 0) AS z${i}`,
    )
    .join(", ");
  const stats = database.prepare(`SELECT ${aggregates} FROM ${quoteSqlite(table.name)}`).get() as Record<
    string,
    number | null
  >;
  const mapped = cols.map((c) => mapSqliteType(c.declaredType, options));
  const rowid = rowidAlias(
    database,
    table.name,
    cols.map((c) => c.name),
  );
  const rejects = rowid
    ? findRejects(
        database,
        table.name,
        rowid,
        cols.map((c, i) => ({ name: c.name, kind: mapped[i]!.kind })),
        MISFIT_SCAN_CAP,
      )
    : [];

  return cols.map((c, i) => {
    const values: Counts = {
      integer: stats[`i${i}`] ?? 0,
      real: stats[`r${i}`] ?? 0,
      text: stats[`t${i}`] ?? 0,
      blob: stats[`b${i}`] ?? 0,
      null: stats[`n${i}`] ?? 0,
    };
    const misfits = rejects.filter((r) => r.column === c.name);
    const invalidUtf8 = misfits.filter((r) => /UTF-8/.test(r.reason)).length;
    const nulBytes = stats[`z${i}`] ?? 0;
    const proposed = propose(mapped[i]!.pgType, values, misfits.length, invalidUtf8 + nulBytes);
    return {
      name: c.name,
      declaredType: c.declaredType,
      mapped: mapped[i]!.pgType,
      proposed,
      values,
      maxLength: stats[`l${i}`] ?? null,
      nulBytes,
      invalidUtf8,
      misfits: misfits.length,
      examples: misfits.slice(0, 3).map((r) => r.value),
      evidence: evidence(values, mapped[i]!.pgType, proposed, misfits),
    };
  });
}

/** The declaration's type when every value fits it; else the narrowest type that keeps every value as stored. */
function propose(mapped: string, v: Counts, misfits: number, notText: number): string {
  if (misfits === 0) return mapped;
  if (notText > 0 || v.blob > 0) return "bytea";
  return "text";
}

function evidence(
  v: Counts,
  mapped: string,
  proposed: string,
  misfits: { value: string; reason: string }[],
): string {
  const total = v.integer + v.real + v.text + v.blob + v.null;
  const kinds = (Object.entries(v) as [string, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n.toLocaleString("en")} ${k}`)
    .join(", ");
  const seen = `${total.toLocaleString("en")} values${kinds ? `: ${kinds}` : ""}.`;
  if (!misfits.length) return `${seen} All fit ${mapped}.`;
  const e = misfits
    .slice(0, 3)
    .map((m) => m.value)
    .join(", ");
  return `${seen} ${misfits.length.toLocaleString("en")} would not land as ${mapped} (${misfits[0]!.reason}; e.g. ${e}); ${proposed} keeps every value as stored. Keep ${mapped} and those rows are rejected and listed.`;
}
