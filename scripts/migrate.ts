// Applies drizzle/ migrations to Ferry's own database (DATABASE_URL, or .env.local's): after a restore or a deploy.
import { loadEnvFile } from "@/server/config/load-env-file";

loadEnvFile();
const { env } = await import("@/server/config/env");
const { migrateFerryDatabase } = await import("@/server/db/migrate");
await migrateFerryDatabase(env().DATABASE_URL);
console.log("[migrate] Ferry's database is up to date");
