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

/** Extensions that only work when the server loads them at start (shared_preload_libraries). */
export const PRELOADED = new Set(["timescaledb", "pg_cron", "pg_stat_statements", "pgaudit"]);

export type ExtensionProblem = { name: string; version: string; problem: string; remedy: string };

/** The source's extensions the target cannot create yet, each with what to do on this target's platform. */
export function missingExtensions(
  used: readonly { name: string; version: string }[],
  target: { available: readonly string[]; preload: string; major: number; host: string },
): ExtensionProblem[] {
  const names = new Set(target.available);
  const preload = target.preload.split(",").map((s) => s.trim());
  return used
    .filter((e) => !names.has(e.name) || (e.name === "timescaledb" && !preload.includes("timescaledb")))
    .map((e) => ({
      name: e.name,
      version: e.version,
      problem: `${e.name} ${e.version} ${names.has(e.name) ? "is installed on the target but not preloaded (shared_preload_libraries)" : "is not available on the target"}.`,
      remedy: extensionRemedy(e.name, target.host, target.major, PRELOADED.has(e.name)),
    }));
}
