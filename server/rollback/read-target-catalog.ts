import type pg from "pg";
import { CatalogObject } from "@/contracts/rollback";

// User objects only: system schemas and objects an extension owns (they go with the extension) are left out.
const CATALOG_SQL = `
WITH user_ns AS (
  SELECT oid, nspname FROM pg_namespace
   WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
),
ext_member AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT kind, schema, name, args, ord FROM (
  SELECT 'extension' AS kind, NULL::text AS schema, extname::text AS name, NULL::text AS args, oid::int8 AS ord
    FROM pg_extension WHERE extname <> 'plpgsql'
  UNION ALL
  SELECT 'schema', NULL, n.nspname::text, NULL, n.oid::int8 FROM user_ns n
   WHERE NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid)
  UNION ALL
  SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
           WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table'
           ELSE 'index' END,
         n.nspname::text, c.relname::text, NULL, c.oid::int8
    FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'i', 'I') AND NOT c.relispartition
     AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
     -- An identity column's sequence is part of its table: it cannot be dropped on its own.
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i' AND c.relkind = 'S')
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname::text, t.typname::text, NULL, t.oid::int8
    FROM pg_type t JOIN user_ns n ON n.oid = t.typnamespace
   WHERE t.typtype IN ('e', 'd', 'r', 'c')
     AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
     AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)
  UNION ALL
  SELECT 'function', n.nspname::text, p.proname::text, pg_get_function_identity_arguments(p.oid), p.oid::int8
    FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
   WHERE p.prokind IN ('f', 'p')
     AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid)
) o ORDER BY ord`;

/** The target's user objects, oldest first (OIDs grow with creation, which the drop order relies on). */
export async function readTargetCatalog(client: pg.Client): Promise<CatalogObject[]> {
  const { rows } = await client.query(CATALOG_SQL);
  return rows.map((r) => CatalogObject.parse({ kind: r.kind, schema: r.schema, name: r.name, args: r.args }));
}
