import type pg from "pg";

/** Every object kind the comprehensive runbook counts on both sides, with what identifies each object. */
export type Inventory = Record<InventoryKind, string[]>;
export type InventoryKind =
  | "schemas"
  | "tables"
  | "partitions"
  | "views"
  | "materialized views"
  | "functions"
  | "triggers"
  | "policies"
  | "indexes"
  | "constraints"
  | "sequences"
  | "types"
  | "domains"
  | "extensions"
  | "hypertables";

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  AND n.nspname NOT LIKE '\\_timescaledb%' AND n.nspname NOT IN ('timescaledb_information', 'timescaledb_experimental')`;
// Objects an extension owns are recreated by CREATE EXTENSION, not by Ferry: leave them out of the counts.
const notExtensionMember = (classid: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classid}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const QUERIES: Record<Exclude<InventoryKind, "hypertables">, string> = {
  schemas: `SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE ${USER_NS} AND ${notExtensionMember("pg_namespace", "n.oid")} AND NOT (n.oid::text = ANY ($1::text[]))`,
  tables: `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_NS} AND ${notExtensionMember("pg_class", "c.oid")} AND NOT (c.oid::text = ANY ($1::text[]))`,
  partitions: `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relispartition AND ${USER_NS} AND NOT (c.oid::text = ANY ($1::text[]))`,
  views: `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'v' AND ${USER_NS} AND ${notExtensionMember("pg_class", "c.oid")} AND NOT (c.oid::text = ANY ($1::text[]))`,
  "materialized views": `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'm' AND ${USER_NS} AND NOT (c.oid::text = ANY ($1::text[]))`,
  functions: `SELECT format('%I.%I(%s) %s md5:%s', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind, md5(coalesce(p.prosrc, '')))
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_NS} AND ${notExtensionMember("pg_proc", "p.oid")} AND NOT (p.oid::text = ANY ($1::text[]))`,
  triggers: `SELECT format('%I.%I %I enabled=%s', n.nspname, c.relname, t.tgname, t.tgenabled) FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND ${USER_NS} AND NOT (t.oid::text = ANY ($1::text[]))`,
  policies: `SELECT format('%I.%I %I %s', n.nspname, c.relname, p.polname, p.polcmd) FROM pg_policy p
            JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_NS} AND NOT (p.oid::text = ANY ($1::text[]))`,
  indexes: `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_NS} AND ${notExtensionMember("pg_class", "i.indrelid")} AND NOT (i.indexrelid::text = ANY ($1::text[]))`,
  constraints: `SELECT format('%I.%I %I %s validated=%s deferrable=%s', n.nspname, c.relname, k.conname, k.contype, k.convalidated,
                   CASE WHEN NOT k.condeferrable THEN 'no' WHEN k.condeferred THEN 'deferred' ELSE 'immediate' END) FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_NS} AND NOT (k.oid::text = ANY ($1::text[]))`,
  sequences: `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'S' AND ${USER_NS} AND ${notExtensionMember("pg_class", "c.oid")} AND NOT (c.oid::text = ANY ($1::text[]))`,
  types: `SELECT format('%I.%I %s', n.nspname, t.typname, t.typtype) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype IN ('e', 'c', 'r', 'm') AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
            AND ${USER_NS} AND ${notExtensionMember("pg_type", "t.oid")} AND NOT (t.oid::text = ANY ($1::text[]))`,
  domains: `SELECT format('%I.%I', n.nspname, t.typname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype = 'd' AND ${USER_NS} AND ${notExtensionMember("pg_type", "t.oid")} AND NOT (t.oid::text = ANY ($1::text[]))`,
  extensions: `SELECT format('%s %s', extname, extversion) FROM pg_extension WHERE extname <> 'plpgsql'`,
};

/** The inventory of a database; `excludedOids` leaves out what a migration's selection does not move. */
export async function readInventory(
  client: pg.Client,
  excludedOids: ReadonlySet<string> = new Set(),
): Promise<Inventory> {
  const inventory = {} as Inventory;
  for (const [kind, sql] of Object.entries(QUERIES)) {
    const values = sql.includes("$1") ? [[...excludedOids]] : [];
    const { rows } = await client.query({ text: sql, rowMode: "array", values });
    inventory[kind as InventoryKind] = rows.map((r: unknown[]) => String(r[0])).sort();
  }
  const hasTimescale = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'");
  inventory.hypertables = hasTimescale.rowCount
    ? (
        await client.query({
          text: "SELECT format('%I.%I', hypertable_schema, hypertable_name) FROM timescaledb_information.hypertables",
          rowMode: "array",
        })
      ).rows
        .map((r: unknown[]) => String(r[0]))
        .sort()
    : [];
  return inventory;
}

export type InventoryLine = {
  kind: InventoryKind;
  source: number;
  target: number;
  missing: string[];
  extra: string[];
  ok: boolean;
};

/** One pass/fail line per object kind: counts both sides and the objects that differ by identity. */
export function diffInventory(source: Inventory, target: Inventory): InventoryLine[] {
  return (Object.keys(source) as InventoryKind[]).map((kind) => {
    const t = new Set(target[kind]);
    const s = new Set(source[kind]);
    const missing = source[kind].filter((x) => !t.has(x));
    const extra = target[kind].filter((x) => !s.has(x));
    return {
      kind,
      source: source[kind].length,
      target: target[kind].length,
      missing: missing.slice(0, 20),
      extra: extra.slice(0, 20),
      ok: missing.length === 0 && extra.length === 0,
    };
  });
}
