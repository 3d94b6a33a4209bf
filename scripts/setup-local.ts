// Prepares Ferry on this machine's PostgreSQL and Redis: key, database, admin, demo connections. Idempotent.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { loadEnvFile } from "@/server/config/load-env-file";

if (!existsSync(".env.local")) {
  writeFileSync(
    ".env.local",
    [
      "# Written by npm run setup:local. Keep FERRY_SECRET_KEY safe: it decrypts stored connection passwords.",
      `FERRY_SECRET_KEY=${randomBytes(32).toString("base64")}`,
      "DATABASE_URL=postgres://postgres@127.0.0.1:5432/ferry",
      "REDIS_URL=redis://127.0.0.1:6379",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  console.log("[setup] wrote .env.local with a new FERRY_SECRET_KEY");
}
loadEnvFile();

const { env } = await import("@/server/config/env");
const { migrateFerryDatabase } = await import("@/server/db/migrate");
const { ensureUser } = await import("@/server/auth/ensure-user");
const { seedDemo } = await import("@/server/demo/seed-demo");
const { closeDb } = await import("@/server/db/client");

const e = env();
await migrateFerryDatabase(e.DATABASE_URL);
console.log("[setup] Ferry's database is migrated");
const adminId = await ensureUser({
  email: e.FERRY_ADMIN_EMAIL,
  name: "Administrator",
  role: "admin",
  password: e.FERRY_ADMIN_PASSWORD,
});
console.log(`[setup] admin: ${e.FERRY_ADMIN_EMAIL}`);
// A run starts only once a lead (never the migration's author) approves its plan: the demo has one.
const demoLead = {
  email: "lead@ferry.local",
  password: process.env.FERRY_DEMO_LEAD_PASSWORD ?? "ferry-lead-pass",
};
await ensureUser({ ...demoLead, name: "Demo lead", role: "lead" });
console.log(`[setup] demo lead (approves runs): ${demoLead.email} / ${demoLead.password}`);
const pgUrl = new URL(e.DATABASE_URL);
pgUrl.pathname = "/postgres";
await seedDemo({
  adminId,
  fixture: "fixtures/chinook/Chinook_Sqlite.sqlite",
  pgUrl: pgUrl.toString(),
  targetDatabase: "ferry_demo_target",
});
await closeDb();
