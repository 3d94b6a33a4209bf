/** Where the target runs decides how a missing extension is made available. */
export function targetKind(host: string): "azure" | "rds" | "cloudsql" | "self-hosted" {
  if (/\.postgres\.database\.azure\.com$/i.test(host)) return "azure";
  if (/\.rds\.amazonaws\.com$/i.test(host)) return "rds";
  if (/\.cloudsql\.|^\/cloudsql\//i.test(host)) return "cloudsql";
  return "self-hosted";
}

const PACKAGES: Record<string, string> = {
  vector: "postgresql-<major>-pgvector",
  timescaledb: "timescaledb-2-postgresql-<major> (Timescale's apt repository)",
  postgis: "postgresql-<major>-postgis-3",
};

export function extensionRemedy(ext: string, host: string, major: number, needsPreload: boolean): string {
  switch (targetKind(host)) {
    case "azure":
      return `Azure: add ${ext} to the server parameter azure.extensions${needsPreload ? ` and to shared_preload_libraries (then restart the server)` : ""}.`;
    case "rds":
      return `AWS RDS: ${needsPreload ? `add ${ext} to shared_preload_libraries in the DB parameter group and reboot; ` : ""}${ext} must be on RDS's supported-extensions list for this engine version.`;
    case "cloudsql":
      return `Cloud SQL: ${needsPreload ? `set the database flag for ${ext} (shared_preload_libraries) and restart; ` : ""}check that ${ext} is supported for this Cloud SQL version.`;
    default:
      return `Install the package ${(PACKAGES[ext] ?? `that provides ${ext}`).replace("<major>", String(major))} on the target server${needsPreload ? `, add ${ext} to shared_preload_libraries in postgresql.conf and restart PostgreSQL` : ""}.`;
  }
}
