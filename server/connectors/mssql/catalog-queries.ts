/**
 * The catalog queries Ferry runs on SQL Server (2016 and later: sys.tables.is_external). Their rows are
 * typed in build-catalog.ts, which turns them into a Catalog; the fixtures under __fixtures__/ are these
 * queries' results as SQL Server returns them through tedious (bigint as string, bit as boolean).
 *
 * Only user tables: no system objects, no external tables, no diagrams table of SSMS.
 */
export const USER_TABLE = `t.is_ms_shipped = 0 AND t.is_external = 0
  AND NOT EXISTS (SELECT 1 FROM sys.extended_properties ep
                   WHERE ep.class = 1 AND ep.major_id = t.object_id AND ep.minor_id = 0
                     AND ep.name = N'microsoft_database_tools_support')`;

/** Row counts from sys.partitions (heap or clustered index): the plan's estimate, not the verified count. */
export const TABLES_SQL = `
SELECT s.name AS schema_name, t.name AS table_name, t.object_id,
       CAST(ISNULL((SELECT SUM(p.rows) FROM sys.partitions p
                     WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)), 0) AS bigint) AS row_count,
       t.temporal_type_desc, t.is_memory_optimized
FROM sys.tables t
JOIN sys.schemas s ON s.schema_id = t.schema_id
WHERE ${USER_TABLE}
ORDER BY s.name, t.name`;

/**
 * Columns with their base type: an alias type (AdventureWorks's dbo.Name, dbo.Flag) resolves through
 * system_type_id; a CLR type (hierarchyid, geography, geometry) keeps its own name.
 */
export const COLUMNS_SQL = `
SELECT c.object_id, c.column_id, c.name AS column_name,
       ty.name AS type_name, TYPE_NAME(c.system_type_id) AS base_type_name,
       ty.is_user_defined, ty.is_assembly_type,
       c.max_length, c.precision, c.scale, c.is_nullable,
       c.is_identity, c.is_computed, c.is_column_set,
       cc.definition AS computed_definition, cc.is_persisted,
       CAST(ic.seed_value AS nvarchar(40)) AS identity_seed,
       CAST(ic.increment_value AS nvarchar(40)) AS identity_increment,
       dc.definition AS default_definition
FROM sys.columns c
JOIN sys.tables t ON t.object_id = c.object_id
JOIN sys.types ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
LEFT JOIN sys.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id
LEFT JOIN sys.default_constraints dc ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
WHERE ${USER_TABLE}
ORDER BY c.object_id, c.column_id`;

/** Every index but heaps, one row per column (key columns by key_ordinal, INCLUDE columns with 0). */
export const INDEXES_SQL = `
SELECT i.object_id, i.index_id, i.name AS index_name, i.type_desc,
       i.is_primary_key, i.is_unique, i.is_unique_constraint,
       i.has_filter, i.filter_definition, i.is_disabled, i.is_hypothetical,
       ic.key_ordinal, ic.is_included_column, ic.is_descending_key, c.name AS column_name
FROM sys.indexes i
JOIN sys.tables t ON t.object_id = i.object_id
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE i.type > 0 AND ${USER_TABLE}
ORDER BY i.object_id, i.index_id, ic.key_ordinal, ic.index_column_id`;

export const FOREIGN_KEYS_SQL = `
SELECT fk.object_id AS fk_id, fk.name AS fk_name,
       fk.parent_object_id, fk.referenced_object_id,
       fk.delete_referential_action_desc, fk.update_referential_action_desc,
       fk.is_disabled, fk.is_not_trusted,
       fkc.constraint_column_id, pc.name AS column_name, rc.name AS referenced_column_name
FROM sys.foreign_keys fk
JOIN sys.tables t ON t.object_id = fk.parent_object_id
JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE ${USER_TABLE}
ORDER BY fk.object_id, fkc.constraint_column_id`;

/** What the connection test reports: who we are, what we may read, how the database is set up. */
export const SERVER_SQL = `
SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
       CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
       CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
       SUSER_SNAME() AS login_name, DB_NAME() AS database_name,
       CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) AS collation_name,
       (SELECT CAST(SUM(CAST(f.size AS bigint)) * 8192 AS bigint) FROM sys.database_files f WHERE f.type = 0) AS data_bytes,
       (SELECT COUNT(*) FROM sys.tables t WHERE ${USER_TABLE}) AS table_count,
       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'SELECT') AS can_select,
       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'VIEW DEFINITION') AS can_view_definition,
       d.snapshot_isolation_state_desc, d.is_read_committed_snapshot_on, d.state_desc
FROM sys.databases d
WHERE d.database_id = DB_ID()`;
