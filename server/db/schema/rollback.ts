import { bigint, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { CatalogObject, RollbackStep, TableFingerprint } from "@/contracts/rollback";
import { runs } from "./migrations";
import { users } from "./users";

/** What a run needs to be undone: taken before its first write to the target. */
export const runSnapshots = pgTable("run_snapshots", {
  runId: uuid()
    .primaryKey()
    .references(() => runs.id, { onDelete: "cascade" }),
  /** pg_dump -Fc archive of the tables the run replaces, relative to FERRY_DATA_DIR; null when none existed. */
  file: text(),
  bytes: bigint({ mode: "number" }),
  durationMs: integer().notNull(),
  /** Relations in the dump (tables, views, sequences): dropped and restored together by a rollback. */
  dumped: jsonb().$type<CatalogObject[]>().notNull().default([]),
  tables: jsonb().$type<TableFingerprint[]>().notNull(),
  /** The target's catalog before the run wrote. */
  before: jsonb().$type<CatalogObject[]>().notNull(),
  /** What the run created (catalog after minus before), set when the run ends. */
  created: jsonb().$type<CatalogObject[]>(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One rollback per run: a second request finds it and says so. */
export const runRollbacks = pgTable("run_rollbacks", {
  runId: uuid()
    .primaryKey()
    .references(() => runs.id, { onDelete: "cascade" }),
  status: text().$type<"queued" | "running" | "succeeded" | "failed">().notNull(),
  steps: jsonb().$type<RollbackStep[]>().notNull().default([]),
  outcome: text(),
  error: text(),
  requestedBy: uuid()
    .notNull()
    .references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp({ withTimezone: true }),
});
