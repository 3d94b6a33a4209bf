import type { TemplateId } from "@/contracts/checklists";

/** Host names of managed PostgreSQL services; the target "kind" Ferry can tell without connecting. */
const MANAGED_HOSTS = [
  /\.postgres\.database\.azure\.com$/i,
  /\.rds\.amazonaws\.com$/i,
  /\.cloudsql\./i,
  /^\/cloudsql\//i,
];

export const isManagedHost = (host: string | undefined): boolean =>
  !!host && MANAGED_HOSTS.some((re) => re.test(host));

/**
 * The runbook a migration follows by default, from its engines and the target's host. MySQL has no runbook
 * of its own; it follows the legacy one, the closest in shape (a foreign engine, D-7 to D+7).
 */
export function chooseTemplate(sourceEngine: string, targetHost: string | undefined): TemplateId {
  switch (sourceEngine) {
    case "postgres":
      return isManagedHost(targetHost) ? "cloud-move" : "comprehensive";
    case "sqlite":
      return "app-db";
    default:
      return "legacy-file";
  }
}
