import type { ChecklistTemplate } from "@/contracts/checklists";
import {
  byChecks,
  byHand,
  byRun,
  NAMES_FIT,
  PLAN_CLEAN,
  SOURCE_READ,
  TARGET_PRIVILEGES,
  TYPES_FIT,
} from "./items";

const [P, M, V, S] = ["Prepare", "Migrate", "Verify", "Switch over"];

/** An application's SQLite database → PostgreSQL, with rollback by switching back. */
export const appDb: ChecklistTemplate = {
  id: "app-db",
  title: "App database upgrade (SQLite)",
  runbook: "SQLite → PostgreSQL",
  phases: [P, M, V, S],
  requiresApproval: true,
  items: [
    byChecks("source-read", P, "The SQLite file opens and every table reads", SOURCE_READ),
    byChecks(
      "target-ready",
      P,
      "Target reachable, PostgreSQL ≥ 13, Ferry may create and insert",
      TARGET_PRIVILEGES,
    ),
    byChecks("types", P, "Every column has a PostgreSQL type; no value is lost", TYPES_FIT),
    byChecks("names", P, "Names fit PostgreSQL", NAMES_FIT),
    byChecks("plan-clean", P, "The plan resolves; no table collides in the target", PLAN_CLEAN),
    byHand("env-settings", P, "Connection settings prepared per environment (dev, staging, prod)"),
    byHand("downtime-announced", P, "Downtime announced to the application's users"),
    byHand("app-stopped", M, "Application stopped: nothing writes to the SQLite file"),
    byRun("schema", M, "Schema initialised in PostgreSQL", "schema"),
    byRun("data", M, "Data copied", "data"),
    byRun("post-data", M, "Keys and indexes built", "post-data"),
    byRun("verified", V, "Counts and checksums match per table", "verify"),
    byHand("backup", V, "Backup of the new database taken (pg_dump -F c)"),
    byHand("functional-test", V, "Functional test passed against PostgreSQL"),
    byHand(
      "connection-switched",
      S,
      "Application switched to PostgreSQL; the SQLite file kept to switch back",
    ),
    byHand("old-db-archived", S, "Old SQLite file archived"),
  ],
};
