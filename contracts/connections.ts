import * as z from "zod";

export const Engine = z.enum(["postgres", "sqlite", "access", "mysql", "mssql"]);
export type Engine = z.infer<typeof Engine>;

export const SslMode = z.enum(["disable", "prefer", "require", "verify-ca", "verify-full"]);
export type SslMode = z.infer<typeof SslMode>;

const name = z.string().trim().min(1, { error: "Give the connection a name." }).max(120);

export const PostgresFields = z.object({
  host: z.string().trim().min(1, { error: "Enter the server's host name or IP address." }).max(255),
  port: z.coerce.number().int().min(1).max(65535).default(5432),
  database: z.string().trim().min(1, { error: "Enter the database name." }).max(63),
  user: z.string().trim().min(1, { error: "Enter the user name." }).max(63),
  password: z.string().max(1024).optional(),
  sslmode: SslMode.default("prefer"),
});
export type PostgresFields = z.infer<typeof PostgresFields>;

export const CreatePostgresConnection = z.union([
  z.object({
    name,
    engine: z.literal("postgres"),
    url: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, { error: "A PostgreSQL URL starts with postgres:// or postgresql://" }),
  }),
  z.object({ name, engine: z.literal("postgres") }).extend(PostgresFields.shape),
]);

export const CreateSqliteConnection = z.object({
  name,
  engine: z.literal("sqlite"),
  uploadId: z.uuid({ error: "Upload the SQLite file first; uploadId is the id that upload returned." }),
});

/**
 * How an Access file's text is decoded. Access 2000 and later store Unicode (UTF-16, optionally compressed),
 * which "auto" reads as stored; Access 97 (Jet3) stores the bytes of the code page of the PC that wrote it,
 * which "auto" reads as Windows-1252. A legacy code page applies to Jet3 files only.
 */
export const AccessEncoding = z.enum([
  "auto",
  "windows-1252",
  "cp949",
  "euc-kr",
  "shift_jis",
  "gbk",
  "big5",
  "windows-1250",
  "windows-1251",
  "windows-1253",
  "windows-1254",
  "windows-1255",
  "windows-1256",
  "windows-1257",
  "windows-1258",
  "windows-874",
]);
export type AccessEncoding = z.infer<typeof AccessEncoding>;

export const CreateAccessConnection = z.object({
  name,
  engine: z.literal("access"),
  uploadId: z.uuid({ error: "Upload the Access file first; uploadId is the id that upload returned." }),
  encoding: AccessEncoding.default("auto"),
});
/** MySQL or MariaDB (one engine; the test says which server it is). TLS modes are PostgreSQL's names. */
export const MysqlFields = PostgresFields.extend({
  port: z.coerce.number().int().min(1).max(65535).default(3306),
  database: z.string().trim().min(1, { error: "Enter the database name." }).max(64),
  user: z.string().trim().min(1, { error: "Enter the user name." }).max(80),
});
export type MysqlFields = z.infer<typeof MysqlFields>;

export const CreateMysqlConnection = z.union([
  z.object({
    name,
    engine: z.literal("mysql"),
    url: z
      .string()
      .trim()
      .regex(/^(mysql|mariadb):\/\//, { error: "A MySQL URL starts with mysql:// (or mariadb://)" }),
  }),
  z.object({ name, engine: z.literal("mysql") }).extend(MysqlFields.shape),
]);

/** SQL Server (source only): SQL authentication; TLS by default, as tedious and Azure SQL want it. */
export const MssqlFields = z.object({
  host: z.string().trim().min(1, { error: "Enter the server's host name or IP address." }).max(255),
  port: z.coerce.number().int().min(1).max(65535).default(1433),
  database: z.string().trim().min(1, { error: "Enter the database name." }).max(128),
  user: z.string().trim().min(1, { error: "Enter the login name." }).max(128),
  password: z.string().max(1024).optional(),
  encrypt: z.boolean().default(true),
  trustServerCertificate: z.boolean().default(false),
});
export type MssqlFields = z.infer<typeof MssqlFields>;

const MSSQL_URL = /^(jdbc:)?(mssql|sqlserver):\/\//i;

export const CreateMssqlConnection = z.union([
  z.object({
    name,
    engine: z.literal("mssql"),
    url: z
      .string()
      .trim()
      .regex(MSSQL_URL, { error: "A SQL Server URL starts with mssql:// or sqlserver://" }),
  }),
  z.object({ name, engine: z.literal("mssql") }).extend(MssqlFields.shape),
]);

export const CreateConnectionInput = z.union([
  CreatePostgresConnection,
  CreateSqliteConnection,
  CreateAccessConnection,
  CreateMysqlConnection,
  CreateMssqlConnection,
]);
export type CreateConnectionInput = z.infer<typeof CreateConnectionInput>;

/** What a column's values really are, and the PostgreSQL type Ferry proposes for them, with the evidence. */
export const ColumnProfile = z.object({
  name: z.string(),
  declaredType: z.string(),
  /** The type the declaration alone maps to. */
  mapped: z.string(),
  proposed: z.string(),
  values: z.object({
    integer: z.number(),
    real: z.number(),
    text: z.number(),
    blob: z.number(),
    null: z.number(),
  }),
  maxLength: z.number().nullable(),
  nulBytes: z.number(),
  invalidUtf8: z.number(),
  /** Values that would not land as `mapped`, and a few of them. */
  misfits: z.number(),
  examples: z.array(z.string()),
  evidence: z.string(),
});
export type ColumnProfile = z.infer<typeof ColumnProfile>;

export const ProfileQuery = z.object({
  table: z.string().min(1, { error: "Name the table to profile: ?table=…" }),
  dates: z.enum(["map", "text"]).default("map"),
});

/** Edit: every field optional; an absent password keeps the stored one, an empty string clears it. */
export const UpdateConnectionInput = z.object({
  name: name.optional(),
  url: z
    .string()
    .trim()
    .regex(/^(postgres(ql)?|mysql|mariadb|mssql|sqlserver|jdbc:sqlserver):\/\//i)
    .optional(),
  host: z.string().trim().min(1).max(255).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  database: z.string().trim().min(1).max(64).optional(),
  user: z.string().trim().min(1).max(80).optional(),
  password: z.string().max(1024).optional(),
  sslmode: SslMode.optional(),
  encrypt: z.boolean().optional(),
  trustServerCertificate: z.boolean().optional(),
  uploadId: z.uuid().optional(),
  encoding: AccessEncoding.optional(),
});
export type UpdateConnectionInput = z.infer<typeof UpdateConnectionInput>;

/** What may leave the server about a connection: never the password. */
export const ConnectionView = z.object({
  id: z.uuid(),
  name: z.string(),
  engine: Engine,
  summary: z.string(),
  postgres: z
    .object({
      host: z.string(),
      port: z.number(),
      database: z.string(),
      user: z.string(),
      sslmode: SslMode,
      hasPassword: z.boolean(),
    })
    .nullable(),
  sqlite: z.object({ fileName: z.string(), sizeBytes: z.number(), sha256: z.string() }).nullable(),
  access: z
    .object({ fileName: z.string(), sizeBytes: z.number(), sha256: z.string(), encoding: AccessEncoding })
    .nullable()
    .optional(),
  /** MySQL / MariaDB: the same fields as PostgreSQL's; never the password. */
  mysql: z
    .object({
      host: z.string(),
      port: z.number(),
      database: z.string(),
      user: z.string(),
      sslmode: SslMode,
      hasPassword: z.boolean(),
    })
    .nullable()
    .default(null),
  /** SQL Server: server fields and TLS choice; never the password. */
  mssql: z
    .object({
      host: z.string(),
      port: z.number(),
      database: z.string(),
      user: z.string(),
      encrypt: z.boolean(),
      trustServerCertificate: z.boolean(),
      hasPassword: z.boolean(),
    })
    .nullable()
    .default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastTest: z.object({ ok: z.boolean(), at: z.string() }).nullable(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  engine: Engine,
  serverVersion: z.string().nullable(),
  currentUser: z.string().nullable(),
  database: z.string().nullable(),
  encoding: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  tableCount: z.number().nullable(),
  canBeTarget: z.boolean(),
  /** Things a DBA must fix, each a full sentence with the remedy. */
  problems: z.array(z.string()),
  /** Things worth knowing that do not block a migration. */
  notes: z.array(z.string()),
  testedAt: z.string(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const SourceTable = z.object({
  schema: z.string().nullable(),
  name: z.string(),
  rowCount: z.number(),
  columnCount: z.number(),
  hasPrimaryKey: z.boolean(),
});
export type SourceTable = z.infer<typeof SourceTable>;

/**
 * The tables whose schema-qualified name holds every word of `query` (any case, any order): how a DBA finds
 * "audit" or "sales order" among hundreds of tables. An empty query keeps them all.
 */
export function findTables<T extends Pick<SourceTable, "schema" | "name">>(
  tables: readonly T[],
  query: string,
): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...tables];
  return tables.filter((t) => {
    const name = `${t.schema ?? ""}.${t.name}`.toLowerCase();
    return words.every((w) => name.includes(w));
  });
}

export const UploadView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  kind: z.enum(["sqlite", "access"]),
});
export type UploadView = z.infer<typeof UploadView>;

/** The first rows of a source table as they will land: each value rendered as the text COPY sends. */
export const TablePreview = z.object({
  table: z.string(),
  columns: z.array(z.object({ name: z.string(), sourceType: z.string(), pgType: z.string() })),
  rows: z.array(z.array(z.string().nullable())),
  /** Rows in the table; the preview holds at most PREVIEW_ROWS of them. */
  rowCount: z.number(),
  encoding: z.string().nullable(),
  notes: z.array(z.string()),
});
export type TablePreview = z.infer<typeof TablePreview>;
export const PREVIEW_ROWS = 20;
