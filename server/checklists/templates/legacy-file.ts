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

const [D7, D0, D1] = ["D-7", "D-Day", "D+1…D+7"];

/** MS Access (.mdb/.accdb) or MSSQL → PostgreSQL, on the D-7 / D-Day / D+7 runbook. */
export const legacyFile: ChecklistTemplate = {
  id: "legacy-file",
  title: "Legacy database (Access / MSSQL)",
  runbook: "MS Access or MSSQL → PostgreSQL",
  phases: [D7, D0, D1],
  requiresApproval: true,
  items: [
    byChecks("source-read", D7, "Ferry reads every source table", SOURCE_READ),
    byChecks("target-ready", D7, "PostgreSQL ≥ 13; CREATE and INSERT privileges", TARGET_PRIVILEGES),
    byChecks("disk-space", D7, "Disk space ≥ 2× the data", ["disk-space"]),
    byChecks("encodings", D7, "Text decodes correctly (CP949 and other code pages)", [
      "source-encoding",
      "target-encoding",
    ]),
    byChecks("types", D7, "Every column has a PostgreSQL type; no value is lost", TYPES_FIT),
    byChecks("names", D7, "Names fit PostgreSQL", NAMES_FIT),
    byChecks("plan-clean", D7, "Parents before children; keys in scope; no collisions", PLAN_CLEAN),
    byChecks("window", D7, "The estimate fits the planned window", ["duration-window"]),
    byHand("dry-run-reviewed", D7, "Dry run reviewed: per-table estimates, batch size, log interval"),
    byHand("downtime-announced", D7, "Downtime announced to the application's users"),
    byHand("app-stopped", D0, "Application stopped: nobody writes to the source"),
    byHand("source-backup", D0, "Source file or database backed up"),
    byRun("schema", D0, "Tables created in PostgreSQL", "schema"),
    byRun("data", D0, "Data copied, parents before children", "data"),
    byRun("post-data", D0, "Keys and foreign keys built", "post-data"),
    byRun("verified", D0, "Counts, checksums, FK orphans and required columns verified", "verify"),
    byHand("connection-switched", D0, "Application connection switched to PostgreSQL"),
    byHand("functional-test", D0, "Functional test passed"),
    byHand("monitoring", D1, "Errors and slow queries watched for a week"),
    byHand("old-db-archived", D1, "Old database archived read-only"),
  ],
};
