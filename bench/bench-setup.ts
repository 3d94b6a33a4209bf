// Ferry's side of a bench: its own database, a DBA and a lead, and migrations approved and ready to run.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { recreateDatabase } from "./generate-postgres";

export type BenchSource = { engine: "sqlite"; file: string } | { engine: "postgres"; database: string };

export const BENCH_DBA = {
  email: "bench@ferry.local",
  name: "bench",
  role: "dba" as const,
  password: "bench-password",
};
const BENCH_LEAD = {
  email: "bench-lead@ferry.local",
  name: "bench lead",
  role: "lead" as const,
  password: "bench-lead-password",
};

export const pgConfig = (database: string) => ({
  engine: "postgres" as const,
  host: "127.0.0.1",
  port: 5432,
  database,
  user: "postgres",
  sslmode: "disable" as const,
});

/** A fresh Ferry database at `env.DATABASE_URL` (process.env must hold `env` before this is called). */
export async function freshFerryDatabase(env: { DATABASE_URL: string }): Promise<string> {
  await recreateDatabase(new URL(env.DATABASE_URL).pathname.slice(1));
  const { migrateFerryDatabase } = await import("@/server/db/migrate");
  await migrateFerryDatabase(env.DATABASE_URL);
  const { ensureUser } = await import("@/server/auth/ensure-user");
  return ensureUser(BENCH_DBA);
}

/** A migration from `source` into `targetDb`, approved by the bench's lead, as a DBA would leave it. */
export async function approvedMigration(opts: {
  name: string;
  source: BenchSource;
  targetDb: string;
  dataDir: string;
  dbaId: string;
  options?: Record<string, unknown>;
}): Promise<string> {
  const { db } = await import("@/server/db/client");
  const { uploads, connections, migrations } = await import("@/server/db/schema");
  const { MigrationOptions } = await import("@/contracts/migrations");
  const { ensureUser } = await import("@/server/auth/ensure-user");
  const { approvePlan } = await import("@/server/checklists/approve-plan");
  let sourceConfig;
  if (opts.source.engine === "sqlite") {
    const stored = `${opts.name.replace(/\W+/g, "-")}.sqlite`;
    mkdirSync(path.join(opts.dataDir, "uploads"), { recursive: true });
    const [up] = await db()
      .insert(uploads)
      .values({
        fileName: path.basename(opts.source.file),
        storedName: stored,
        kind: "sqlite",
        sizeBytes: statSync(opts.source.file).size,
        sha256: "-",
        createdBy: opts.dbaId,
      })
      .returning();
    copyFileSync(opts.source.file, path.join(opts.dataDir, "uploads", stored));
    sourceConfig = { engine: "sqlite" as const, uploadId: up!.id };
  } else sourceConfig = pgConfig(opts.source.database);
  const [src] = await db()
    .insert(connections)
    .values({ name: `${opts.name} source`, engine: opts.source.engine, config: sourceConfig })
    .returning();
  const [tgt] = await db()
    .insert(connections)
    .values({ name: `${opts.name} target`, engine: "postgres", config: pgConfig(opts.targetDb) })
    .returning();
  const [mig] = await db()
    .insert(migrations)
    .values({
      name: opts.name,
      sourceId: src!.id,
      targetId: tgt!.id,
      options: MigrationOptions.parse({ batchSize: 5000, ...opts.options }),
      createdBy: opts.dbaId,
    })
    .returning();
  // Every runbook needs a lead's approval of the plan before a run starts; the bench's lead gives it.
  const leadId = await ensureUser(BENCH_LEAD);
  await approvePlan({
    actor: { id: leadId, email: BENCH_LEAD.email, name: BENCH_LEAD.name, role: BENCH_LEAD.role },
    migrationId: mig!.id,
    input: {},
  });
  return mig!.id;
}
