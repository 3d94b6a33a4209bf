import { bigint, boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { AccessEncoding } from "@/contracts/connections";
import { users } from "./users";

export const uploads = pgTable("uploads", {
  id: uuid().primaryKey().defaultRandom(),
  fileName: text().notNull(),
  storedName: text().notNull(),
  kind: text().$type<"sqlite" | "access">().notNull(),
  sizeBytes: bigint({ mode: "number" }).notNull(),
  sha256: text().notNull(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Non-secret settings; the password lives only in `secret`, sealed with FERRY_SECRET_KEY. */
export type ConnectionConfig =
  | {
      engine: "postgres";
      host: string;
      port: number;
      database: string;
      user: string;
      sslmode: "disable" | "prefer" | "require" | "verify-ca" | "verify-full";
    }
  | { engine: "sqlite"; uploadId: string }
  | { engine: "access"; uploadId: string; encoding: AccessEncoding }
  | {
      engine: "mysql";
      host: string;
      port: number;
      database: string;
      user: string;
      sslmode: "disable" | "prefer" | "require" | "verify-ca" | "verify-full";
    }
  | {
      engine: "mssql";
      host: string;
      port: number;
      database: string;
      user: string;
      encrypt: boolean;
      trustServerCertificate: boolean;
    };

export const connections = pgTable("connections", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  engine: text().$type<"postgres" | "sqlite" | "access" | "mysql" | "mssql">().notNull(),
  config: jsonb().$type<ConnectionConfig>().notNull(),
  secret: text(),
  lastTestOk: boolean(),
  lastTestAt: timestamp({ withTimezone: true }),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
