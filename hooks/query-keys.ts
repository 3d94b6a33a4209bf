export const keys = {
  me: ["me"] as const,
  connections: ["connections"] as const,
  tables: (connectionId: string) => ["connections", connectionId, "tables"] as const,
  profile: (connectionId: string, table: string, dates: string) =>
    ["connections", connectionId, "profile", table, dates] as const,
  migrations: ["migrations"] as const,
  migration: (id: string) => ["migrations", id] as const,
  migrationRuns: (id: string) => ["migrations", id, "runs"] as const,
  run: (id: string) => ["runs", id] as const,
  report: (runId: string) => ["runs", runId, "report"] as const,
  preflight: (migrationId: string) => ["migrations", migrationId, "preflight"] as const,
  checklist: (migrationId: string) => ["migrations", migrationId, "checklist"] as const,
  reportSignature: (runId: string) => ["runs", runId, "report", "signature"] as const,
  signingKeys: ["signing-key"] as const,
  board: ["board"] as const,
  audit: (query: string) => ["audit", query] as const,
  reports: (query: string) => ["reports", query] as const,
};
