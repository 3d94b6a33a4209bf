import type { ChecklistTemplate } from "@/contracts/checklists";
import {
  byChecks,
  byHand,
  byRun,
  NAMES_FIT,
  PLAN_CLEAN,
  SOURCE_READ,
  TARGET_PRIVILEGES,
  WINDOW,
} from "./items";

const [P, M, V, S] = ["Prepare", "Migrate", "Verify", "Switch over"];

/** PostgreSQL (+ TimescaleDB + pgvector) → PostgreSQL, every object kind. */
export const comprehensive: ChecklistTemplate = {
  id: "comprehensive",
  title: "Comprehensive PostgreSQL → PostgreSQL",
  runbook: "PostgreSQL (+ TimescaleDB, pgvector) → PostgreSQL",
  phases: [P, M, V, S],
  requiresApproval: true,
  items: [
    byChecks("source-read", P, "Ferry reads every source table", SOURCE_READ),
    byChecks(
      "target-ready",
      P,
      "Target reachable, PostgreSQL ≥ 13, Ferry may create and insert",
      TARGET_PRIVILEGES,
    ),
    byChecks("extensions", P, "Target has the source's extensions (TimescaleDB, pgvector…)", ["extensions"]),
    byChecks("dump-tools", P, "pg_dump is available for every object kind", ["pg-dump"]),
    byChecks("capacity", P, "Enough space and connection slots on the target", [
      "disk-space",
      "target-connection-slots",
    ]),
    byChecks("plan-clean", P, "The plan resolves; no table collides in the target", PLAN_CLEAN),
    byChecks("names", P, "Names fit PostgreSQL", NAMES_FIT),
    byChecks("window", P, "The run fits the window; nothing holds long locks on the source", WINDOW),
    byHand(
      "roles",
      P,
      "Owner and grantee roles exist on the target",
      "Only needed when owners and grants are carried.",
    ),
    byHand("downtime-announced", P, "Downtime announced to the application's users"),
    byHand("app-stopped", M, "Application stopped: nothing writes to the source"),
    byRun("schema", M, "Schemas, tables, functions and types restored", "schema"),
    byRun("data", M, "Data copied", "data"),
    byRun(
      "post-data",
      M,
      "Indexes, constraints, triggers and policies restored in dependency order",
      "post-data",
    ),
    byRun("verified", V, "Every object kind counted on both sides; rows and checksums match", "verify"),
    byHand("timescale-policies", V, "Hypertables, continuous aggregates and compression policies checked"),
    byHand("functional-test", V, "Functional test passed against the target"),
    byHand("connection-switched", S, "Application connection string switched to the target"),
    byHand("old-db-archived", S, "Old database archived"),
  ],
};
