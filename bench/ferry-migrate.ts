// One whole Ferry migration of a SQLite file into a fresh database, through the real worker process.
// Prints a JSON line: rows, seconds to keys+FKs done (comparable to pgloader), seconds to verified, worker peak RSS.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export type FerryBenchResult = {
  rows: number;
  migrateSeconds: number;
  totalSeconds: number;
  verifySeconds: number;
  /** Peak RSS of the worker up to the end of keys+FKs, and over the whole run (with verification). */
  workerPeakRssMiBMigrate: number;
  workerPeakRssMiB: number;
  ok: boolean;
};

const BENCH_ENV = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/ferry_bench",
  FERRY_SECRET_KEY: "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMTI=",
  FERRY_DATA_DIR: "bench/out/data",
  FERRY_REDIS_PREFIX: "ferry-bench",
};

async function recreateDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await c.end();
}

function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function ferryMigrate(sqliteFile: string, targetDb: string): Promise<FerryBenchResult> {
  Object.assign(process.env, BENCH_ENV);
  await recreateDatabase("ferry_bench");
  await recreateDatabase(targetDb);
  const { migrateFerryDatabase } = await import("@/server/db/migrate");
  await migrateFerryDatabase(BENCH_ENV.DATABASE_URL);
  const { ensureUser } = await import("@/server/auth/ensure-user");
  const { db, closeDb } = await import("@/server/db/client");
  const { uploads, connections, migrations } = await import("@/server/db/schema");
  const { startRun } = await import("@/server/runs/start-run");
  const { getRunSnapshot } = await import("@/server/runs/get-run-snapshot");
  const { closeQueues } = await import("@/server/queue/jobs");
  const { closeSharedRedis } = await import("@/server/queue/redis");
  const { mkdirSync, copyFileSync, statSync } = await import("node:fs");

  const userId = await ensureUser({
    email: "bench@ferry.local",
    name: "bench",
    role: "dba",
    password: "bench-password",
  });
  const actor = { id: userId, email: "bench@ferry.local", name: "bench", role: "dba" as const };
  mkdirSync(path.join(BENCH_ENV.FERRY_DATA_DIR, "uploads"), { recursive: true });
  const [up] = await db()
    .insert(uploads)
    .values({
      fileName: "bench.sqlite",
      storedName: "bench.sqlite",
      kind: "sqlite",
      sizeBytes: statSync(sqliteFile).size,
      sha256: "-",
      createdBy: userId,
    })
    .returning();
  copyFileSync(sqliteFile, path.join(BENCH_ENV.FERRY_DATA_DIR, "uploads", "bench.sqlite"));
  const [src] = await db()
    .insert(connections)
    .values({ name: "bench source", engine: "sqlite", config: { engine: "sqlite", uploadId: up!.id } })
    .returning();
  const [tgt] = await db()
    .insert(connections)
    .values({
      name: "bench target",
      engine: "postgres",
      config: {
        engine: "postgres",
        host: "127.0.0.1",
        port: 5432,
        database: targetDb,
        user: "postgres",
        sslmode: "disable",
      },
    })
    .returning();
  const { MigrationOptions } = await import("@/contracts/migrations");
  const [mig] = await db()
    .insert(migrations)
    .values({
      name: "bench",
      sourceId: src!.id,
      targetId: tgt!.id,
      options: MigrationOptions.parse({ batchSize: 5000 }),
      createdBy: userId,
    })
    .returning();

  const worker = spawn(process.execPath, ["--max-old-space-size=128", "dist/main.js"], {
    env: { ...process.env, ...BENCH_ENV },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) =>
    worker.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(worker.pid!))), 100);

  const t0 = performance.now();
  const { id } = await startRun({ actor, migrationId: mig!.id });
  let migrateSeconds = 0;
  let peakAtMigrate = 0;
  let snap;
  for (;;) {
    snap = await getRunSnapshot(id);
    if (!migrateSeconds && (snap.status === "verifying" || ["succeeded", "failed"].includes(snap.status))) {
      migrateSeconds = (performance.now() - t0) / 1000;
      peakAtMigrate = Math.max(peak, peakRssMiB(worker.pid!));
    }
    if (["succeeded", "failed", "cancelled"].includes(snap.status)) break;
    // BENCH_UNTIL=migrated ends at keys+FKs, the point pgloader ends at, for whole-process timing.
    if (migrateSeconds && process.env.BENCH_UNTIL === "migrated") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, peakRssMiB(worker.pid!));
  clearInterval(sampler);
  worker.kill("SIGTERM");
  await closeQueues();
  await closeSharedRedis();
  await closeDb();
  if (snap.status !== "succeeded") console.error(`Ferry run ${snap.status}: ${snap.error}`);
  const rows = snap.tables.reduce((n, t) => n + t.rowsDone, 0);
  return {
    rows,
    migrateSeconds,
    totalSeconds,
    verifySeconds: totalSeconds - migrateSeconds,
    workerPeakRssMiBMigrate: Math.round(peakAtMigrate),
    workerPeakRssMiB: Math.round(peak),
    ok: snap.status === "succeeded",
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file = "bench/out/bench.sqlite", target = "ferry_bench_target"] = process.argv.slice(2);
  console.log(JSON.stringify(await ferryMigrate(file, target)));
}
