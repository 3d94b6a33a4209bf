import { bigserial, boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ItemState, TemplateId } from "@/contracts/checklists";
import { migrations } from "./migrations";
import { preflightReports } from "./preflight";
import { users } from "./users";

/** One per migration: which runbook it follows. requiresApproval is copied from the template for SQL readers. */
export const checklists = pgTable("checklists", {
  migrationId: uuid()
    .primaryKey()
    .references(() => migrations.id, { onDelete: "cascade" }),
  templateId: text().$type<TemplateId>().notNull(),
  requiresApproval: boolean().notNull(),
  /** null: chosen automatically from the engines. */
  chosenBy: uuid().references(() => users.id),
  chosenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The current state of every item of the chosen template; a board counts these rows. */
export const checklistItems = pgTable(
  "checklist_items",
  {
    migrationId: uuid()
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    itemId: text().notNull(),
    state: text().$type<ItemState>().notNull().default("open"),
    note: text(),
    evidence: text(),
    /** null: Ferry itself (a preflight or a run step). */
    actorId: uuid().references(() => users.id),
    actorEmail: text(),
    updatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.itemId] })],
);

/** Every change of an item, oldest first: who did what and when. */
export const checklistItemEvents = pgTable(
  "checklist_item_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    migrationId: uuid()
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    itemId: text().notNull(),
    state: text().$type<ItemState>().notNull(),
    note: text(),
    evidence: text(),
    actorId: uuid().references(() => users.id),
    actorEmail: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.migrationId, t.itemId, t.at)],
);

/** A lead's approval of one exact plan (planHash); valid while not revoked and the plan still hashes the same. */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid().primaryKey().defaultRandom(),
    migrationId: uuid()
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    planHash: text().notNull(),
    note: text(),
    approvedBy: uuid()
      .notNull()
      .references(() => users.id),
    approvedByEmail: text().notNull(),
    approvedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedBy: uuid().references(() => users.id),
    revokedByEmail: text(),
    revokedAt: timestamp({ withTimezone: true }),
    revokeReason: text(),
  },
  (t) => [index().on(t.migrationId, t.planHash)],
);

/** A lead's acceptance of one preflight warning, with the reason; listed in every later report. */
export const waivers = pgTable(
  "waivers",
  {
    id: uuid().primaryKey().defaultRandom(),
    migrationId: uuid()
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    checkId: text().notNull(),
    checkTitle: text().notNull(),
    preflightId: uuid().references(() => preflightReports.id, { onDelete: "set null" }),
    evidence: text().notNull(),
    reason: text().notNull(),
    waivedBy: uuid()
      .notNull()
      .references(() => users.id),
    waivedByEmail: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.migrationId, t.checkId)],
);
