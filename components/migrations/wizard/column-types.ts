import type { ColumnProfile } from "@/contracts/connections";
import type { ColumnTypeChoice, MigrationOptions } from "@/contracts/migrations";

/** What the DBA picked in the Types step, per table and column; absent means "the proposal". */
export type TypeChoices = Record<string, Record<string, string>>;
export type ProfiledTable = { table: string; data?: ColumnProfile[] };

export const chosenFor = (choices: TypeChoices, table: string, c: ColumnProfile): string =>
  choices[table]?.[c.name] ?? c.proposed;

/** The plan's overrides: every column whose chosen type is not what its declaration maps to anyway. */
export function columnTypesFor(
  choices: TypeChoices,
  tables: ProfiledTable[],
): MigrationOptions["columnTypes"] {
  const out: MigrationOptions["columnTypes"] = {};
  for (const t of tables)
    for (const c of t.data ?? []) {
      const chosen = chosenFor(choices, t.table, c);
      if (chosen !== c.mapped) out[t.table] = { ...out[t.table], [c.name]: chosen as ColumnTypeChoice };
    }
  return out;
}
