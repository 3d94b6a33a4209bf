import type pg from "pg";

/** What of a PostgreSQL source a migration moves: schemas in or out, tables or views out. */
export type SchemaScope = {
  includeSchemas: readonly string[];
  excludeSchemas: readonly string[];
  /** Raw names, not quoted. */
  excludeTables: readonly { schema: string; name: string }[];
};

export const wholeDatabase = (scope: SchemaScope) =>
  !scope.includeSchemas.length && !scope.excludeSchemas.length && !scope.excludeTables.length;

/** The source's object OIDs that fall outside the scope: what the schema restore and the inventory skip. */
export type ScopeExclusions = {
  oids: Set<string>;
  /**
   * Archive entries that carry no OID (ACL, SEQUENCE OWNED BY, TABLE/INDEX ATTACH), as `pg_restore --list`
   * prints them after the OIDs: "TYPE namespace tag".
   */
  entryTags: string[];
  schemasKeptForExtensions: string[];
};

export async function excludedObjects(client: pg.Client, scope: SchemaScope): Promise<ScopeExclusions> {
  if (wholeDatabase(scope)) return { oids: new Set(), entryTags: [], schemasKeptForExtensions: [] };
  const { rows } = await client.query<{ oid: string; kept_for: string | null }>(
    `WITH out_ns AS (
       SELECT n.oid, n.nspname FROM pg_namespace n
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND ((cardinality($1::text[]) > 0 AND n.nspname <> ALL ($1::text[])) OR n.nspname = ANY ($2::text[]))),
     out_rel AS (
       SELECT c.oid FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM out_ns)
       UNION SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN unnest($3::text[], $4::text[]) AS x(s, t) ON x.s = n.nspname AND x.t = c.relname),
     out_rel_all AS (
       SELECT oid FROM out_rel
       UNION SELECT i.indexrelid FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM out_rel)
       UNION SELECT d.objid FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.deptype = 'a' AND d.refobjid IN (SELECT oid FROM out_rel))
     SELECT n.oid::text, CASE WHEN EXISTS (SELECT 1 FROM pg_extension e WHERE e.extnamespace = n.oid)
                              THEN n.nspname END AS kept_for FROM out_ns n
     UNION ALL SELECT oid::text, NULL FROM out_rel_all
     UNION ALL SELECT p.oid::text, NULL FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM out_ns)
     UNION ALL SELECT t.oid::text, NULL FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM out_ns)
     UNION ALL SELECT k.oid::text, NULL FROM pg_constraint k
                WHERE k.conrelid IN (SELECT oid FROM out_rel_all) OR k.connamespace IN (SELECT oid FROM out_ns)
     UNION ALL SELECT g.oid::text, NULL FROM pg_trigger g WHERE g.tgrelid IN (SELECT oid FROM out_rel_all)
     UNION ALL SELECT p.oid::text, NULL FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM out_rel_all)
     UNION ALL SELECT r.oid::text, NULL FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM out_rel_all)
     UNION ALL SELECT a.oid::text, NULL FROM pg_attrdef a WHERE a.adrelid IN (SELECT oid FROM out_rel_all)`,
    [
      scope.includeSchemas,
      scope.excludeSchemas,
      scope.excludeTables.map((t) => t.schema),
      scope.excludeTables.map((t) => t.name),
    ],
  );
  // A schema that holds an extension stays: CREATE EXTENSION … WITH SCHEMA needs it.
  const kept = rows.filter((r) => r.kept_for).map((r) => r.kept_for!);
  const oids = rows.filter((r) => !r.kept_for).map((r) => r.oid);
  const tags = await client.query<{ tag: string }>(
    `SELECT 'ACL - SCHEMA ' || quote_ident(n.nspname) AS tag FROM pg_namespace n WHERE n.oid::text = ANY ($1::text[])
     UNION ALL
     SELECT 'ACL ' || n.nspname || CASE c.relkind WHEN 'S' THEN ' SEQUENCE ' ELSE ' TABLE ' END || quote_ident(c.relname)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid::text = ANY ($1::text[])
     UNION ALL
     SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE OWNED BY ' WHEN c.relkind IN ('i', 'I') THEN 'INDEX ATTACH '
                 ELSE 'TABLE ATTACH ' END || n.nspname || ' ' || c.relname
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid::text = ANY ($1::text[]) AND (c.relkind = 'S' OR c.relispartition)
     UNION ALL
     SELECT 'ACL ' || n.nspname || CASE p.prokind WHEN 'p' THEN ' PROCEDURE ' ELSE ' FUNCTION ' END || quote_ident(p.proname)
            || '(' || pg_get_function_identity_arguments(p.oid) || ')'
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid::text = ANY ($1::text[])
     UNION ALL
     SELECT 'ACL ' || n.nspname || CASE t.typtype WHEN 'd' THEN ' DOMAIN ' ELSE ' TYPE ' END || quote_ident(t.typname)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid::text = ANY ($1::text[])`,
    [oids],
  );
  return { oids: new Set(oids), entryTags: tags.rows.map((r) => r.tag), schemasKeptForExtensions: kept };
}

/**
 * Objects in scope that use something out of scope: a view over an excluded table, a foreign key to one.
 * Restoring them would fail half-way, so the run refuses before writing and names each one.
 */
export async function scopeConflicts(client: pg.Client, excluded: ScopeExclusions): Promise<string[]> {
  if (!excluded.oids.size) return [];
  const { rows } = await client.query<{ problem: string }>(
    `SELECT DISTINCT format('%s %s uses %s, which is left out', 
              CASE v.relkind WHEN 'm' THEN 'Materialized view' ELSE 'View' END,
              v.oid::regclass, d.refobjid::regclass) AS problem
       FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid
      WHERE NOT (v.oid::text = ANY ($1::text[])) AND d.refobjid::text = ANY ($1::text[])
     UNION
     SELECT format('Foreign key %I on %s references %s, which is left out', k.conname, k.conrelid::regclass, k.confrelid::regclass)
       FROM pg_constraint k
      WHERE k.contype = 'f' AND NOT (k.conrelid::text = ANY ($1::text[])) AND k.confrelid::text = ANY ($1::text[])
      ORDER BY 1`,
    [[...excluded.oids]],
  );
  return rows.map((r) => r.problem);
}
