import type { ChecklistTemplate } from "@/contracts/checklists";
import { byChecks, byHand, byRun, PLAN_CLEAN, SOURCE_READ, TARGET_PRIVILEGES, WINDOW } from "./items";

const [P, M, V, S] = ["Prepare", "Migrate", "Verify", "Switch over"];

/** PostgreSQL → managed PostgreSQL (Azure Flexible Server, AWS RDS, Cloud SQL). */
export const cloudMove: ChecklistTemplate = {
  id: "cloud-move",
  title: "Cloud move",
  runbook: "PostgreSQL → managed PostgreSQL",
  phases: [P, M, V, S],
  requiresApproval: true,
  items: [
    byChecks("source-read", P, "The right database user reads every source table", [
      ...SOURCE_READ,
      "source-tls",
    ]),
    byChecks(
      "target-ready",
      P,
      "Managed target reachable, PostgreSQL ≥ 13, Ferry may create and insert",
      TARGET_PRIVILEGES,
    ),
    byChecks("target-tls", P, "The target connection uses TLS (sslmode=require)", ["target-tls"]),
    byChecks("extensions", P, "Target extensions installed (uuid-ossp, pgvector…)", ["extensions"], {
      hint: "On the cloud, also set shared_preload_libraries in the server parameters.",
    }),
    byChecks("dump-tools", P, "pg_dump is available for the schema", ["pg-dump"]),
    byChecks("capacity", P, "Enough space and connection slots on the target", [
      "disk-space",
      "target-connection-slots",
    ]),
    byChecks("plan-clean", P, "The plan resolves; no table collides in the target", PLAN_CLEAN),
    byChecks("window", P, "The run fits the window; nothing holds long locks on the source", WINDOW),
    byHand("downtime-announced", P, "Downtime announced to the application's users"),
    byHand(
      "rollback-dump",
      P,
      "Rollback dump of the target taken",
      "pg_dump -F c of the target before it is written.",
    ),
    byHand("app-stopped", M, "Application stopped: nothing writes to the source"),
    byRun("schema", M, "Schema restored on the target", "schema"),
    byRun("data", M, "Data copied", "data"),
    byRun("post-data", M, "Keys, indexes and constraints built", "post-data"),
    byHand("app-migrations", M, "The application's schema-migration script applied"),
    byRun("verified", V, "Row counts, checksums, extension versions and object counts match", "verify"),
    byHand("schema-migrations", V, "schema_migrations on the target matches the release"),
    byHand("functional-test", V, "Functional test passed against the target"),
    byHand("connection-switched", S, "Application connection string switched to the target"),
    byHand("old-db-archived", S, "Old database archived"),
  ],
};
