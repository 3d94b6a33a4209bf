import {
  bigint,
  boolean,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { MigrationOptions } from "@/contracts/migrations";
import type { RunLogLine, RunStep } from "@/contracts/runs";
import type { ReportV1 } from "@/contracts/reports";
import type { TablePlan } from "@/server/plan/build-plan";
import { connections } from "./connections";
import { users } from "./users";

export const migrations = pgTable("migrations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  sourceId: uuid()
    .notNull()
    .references(() => connections.id, { onDelete: "restrict" }),
  targetId: uuid()
    .notNull()
    .references(() => connections.id, { onDelete: "restrict" }),
  tables: jsonb().$type<string[] | null>(),
  options: jsonb().$type<MigrationOptions>().notNull(),
  /** sha256 of the plan-relevant fields (server/checklists/plan-hash.ts), kept for SQL readers such as a board. */
  planHash: text(),
  createdBy: uuid()
    .notNull()
    .references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const runs = pgTable(
  "runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    migrationId: uuid()
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    status: text()
      .$type<"queued" | "running" | "verifying" | "succeeded" | "failed" | "cancelled">()
      .notNull(),
    phase: text().notNull().default("queued"),
    error: text(),
    cancelRequested: boolean().notNull().default(false),
    verified: boolean(),
    log: jsonb().$type<RunLogLine[]>().notNull().default([]),
    attempts: integer().notNull().default(0),
    /** The source snapshot the current attempt's chunks read (pg_export_snapshot), while it is held open. */
    snapshotId: text(),
    /** Progress of non-copy work in the current phase (index builds); null when there is none. */
    step: jsonb().$type<RunStep>(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.migrationId, t.createdAt)],
);

export const runTables = pgTable(
  "run_tables",
  {
    runId: uuid()
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text().notNull(),
    targetName: text().notNull(),
    position: integer().notNull(),
    status: text()
      .$type<"pending" | "copying" | "copied" | "verifying" | "verified" | "mismatch" | "failed">()
      .notNull()
      .default("pending"),
    rowsTotal: bigint({ mode: "number" }).notNull().default(0),
    rowsDone: bigint({ mode: "number" }).notNull().default(0),
    bytesDone: bigint({ mode: "number" }).notNull().default(0),
    error: text(),
    /** The table's copy plan, so a chunk job in any worker process can copy its part without introspecting. */
    plan: jsonb().$type<TablePlan>(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name] })],
);

/** A key range of one table, copied as one idempotent unit by a chunk job. */
export const runChunks = pgTable(
  "run_chunks",
  {
    runId: uuid()
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    tableName: text().notNull(),
    seq: integer().notNull(),
    /** Inclusive lower and exclusive upper bound on the key column; null is unbounded. */
    lo: text(),
    hi: text(),
    status: text().$type<"pending" | "copying" | "done" | "failed">().notNull().default("pending"),
    rowsDone: bigint({ mode: "number" }).notNull().default(0),
    bytesDone: bigint({ mode: "number" }).notNull().default(0),
    /** How many times a copy of this chunk started: 1 for a chunk no interruption touched. */
    copies: integer().notNull().default(0),
    /** The run attempt whose copy of the chunk committed. */
    doneInAttempt: integer(),
    error: text(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.tableName, t.seq] })],
);

export const reports = pgTable("reports", {
  runId: uuid()
    .primaryKey()
    .references(() => runs.id, { onDelete: "cascade" }),
  ok: boolean().notNull(),
  // json, not jsonb: the text is kept exactly as hashed.
  body: json().$type<ReportV1>().notNull(),
  sha256: text().notNull(),
  /** Ed25519 over the exact body bytes, base64; null for reports stored before signing (signed on first download). */
  signature: text(),
  keyId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Source rows that could not land as planned: found before the copy, never copied, listed in the report. */
export const runRejects = pgTable(
  "run_rejects",
  {
    runId: uuid()
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    tableName: text().notNull(),
    rowKey: text().notNull(),
    column: text().notNull(),
    value: text().notNull(),
    reason: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.tableName, t.rowKey, t.column] })],
);
