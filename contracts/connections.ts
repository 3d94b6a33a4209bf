import { z } from "zod";

export const Engine = z.enum(["postgres", "sqlite", "mssql"]);
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
  CreateMssqlConnection,
]);
export type CreateConnectionInput = z.infer<typeof CreateConnectionInput>;

/** Edit: every field optional; an absent password keeps the stored one, an empty string clears it. */
export const UpdateConnectionInput = z.object({
  name: name.optional(),
  url: z
    .string()
    .trim()
    .regex(/^(postgres(ql)?|mssql|sqlserver|jdbc:sqlserver):\/\//i)
    .optional(),
  host: z.string().trim().min(1).max(255).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  database: z.string().trim().min(1).max(63).optional(),
  user: z.string().trim().min(1).max(63).optional(),
  password: z.string().max(1024).optional(),
  sslmode: SslMode.optional(),
  encrypt: z.boolean().optional(),
  trustServerCertificate: z.boolean().optional(),
  uploadId: z.uuid().optional(),
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

export const UploadView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  kind: z.enum(["sqlite"]),
});
export type UploadView = z.infer<typeof UploadView>;
