import { tableKey } from "@/server/catalog/catalog";

type ForeignKey = { schema: string; table: string; references: string | null };

/**
 * FKs waiting for both their tables to be keyed, found by either table: when a table is keyed, only its own
 * FKs and those referencing it can have become ready (a scan of every waiting FK per keyed table was
 * quadratic in a schema of thousands of tables).
 */
export class PendingForeignKeys<F extends ForeignKey> {
  private readonly byTable = new Map<string, Set<F>>();

  add(fks: readonly F[]): void {
    for (const fk of fks)
      for (const key of [tableKey({ schema: fk.schema, name: fk.table }), fk.references!]) {
        const waiting = this.byTable.get(key) ?? new Set<F>();
        waiting.add(fk);
        this.byTable.set(key, waiting);
      }
  }

  /** The FKs of `key`, from or to it, whose tables are both keyed now; they no longer wait. */
  ready(key: string, keyed: ReadonlySet<string>): F[] {
    const ready = [...(this.byTable.get(key) ?? [])].filter(
      (fk) => keyed.has(tableKey({ schema: fk.schema, name: fk.table })) && keyed.has(fk.references!),
    );
    for (const fk of ready)
      for (const k of [tableKey({ schema: fk.schema, name: fk.table }), fk.references!])
        this.byTable.get(k)?.delete(fk);
    return ready;
  }
}
