import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { PreflightCheckResult, PreflightStatus, PreflightSummary } from "@/contracts/preflight";
import { migrations } from "./migrations";
import { users } from "./users";

/** Every preflight assessment of a migration; the newest is the one shown, the rest are its history. */
export const preflightReports = pgTable(
  "preflight_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    migrationId: uuid()
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    status: text().$type<PreflightStatus>().notNull(),
    checks: jsonb().$type<PreflightCheckResult[]>().notNull().default([]),
    summary: jsonb().$type<PreflightSummary>(),
    error: text(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.migrationId, t.createdAt)],
);
