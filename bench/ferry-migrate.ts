// One whole Ferry migration into a fresh database, through the real worker process (dist/main.js, built by
// npm run build:worker). The source is a SQLite file or a PostgreSQL database on 127.0.0.1:5432.
// Prints a JSON line: rows, seconds to keys+FKs done (comparable to pgloader / pg_restore), seconds to verified,
// seconds per phase, worker peak RSS, the run's log.
//
//   node --import tsx bench/ferry-migrate.ts [bench/out/bench.sqlite] [ferry_bench_target]
//   node --import tsx bench/ferry-migrate.ts --pg ferry_bench_pg_source ferry_bench_pg_target
//
// BENCH_UNTIL=migrated ends at keys+FKs (before verification), for timing the whole command from outside.
import { spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { approvedMigration, BENCH_DBA, freshFerryDatabase, type BenchSource } from "./bench-setup";
import { recreateDatabase } from "./generate-postgres";

export type { BenchSource };

export type FerryBenchResult = {
  rows: number;
  /** startRun → verification starts: schema, data, keys, indexes, FKs (and, for PostgreSQL, ANALYZE). */
  migrateSeconds: number;
  totalSeconds: number;
  verifySeconds: number;
  /** Wall seconds in each run phase (queued: until the worker takes the job; preflight, schema, data, …), polled. */
  phaseSeconds: Record<string, number>;
  /** Peak RSS of the worker up to the end of keys+FKs, and over the whole run (with verification). */
  workerPeakRssMiBMigrate: number;
  workerPeakRssMiB: number;
  /** Worker CPU seconds up to keys+FKs: what Ferry itself spends besides the two PostgreSQL servers. */
  workerCpuSecondsMigrate: number;
  /** Busy CPU seconds of the whole machine up to keys+FKs: how much of the cores the migration kept busy. */
  machineCpuSecondsMigrate: number;
  /** This bench process's own CPU seconds up to keys+FKs (starting the run, polling its state). */
  benchCpuSecondsMigrate: number;
  ok: boolean;
  log: string[];
};

const BENCH_ENV = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/ferry_bench",
  FERRY_SECRET_KEY: "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMTI=",
  FERRY_DATA_DIR: "bench/out/data",
  // Per process: a worker left over from an interrupted bench can never take this bench's jobs.
  FERRY_REDIS_PREFIX: `ferry-bench-${process.pid}`,
};

/** CPU seconds (user + system) a process has used so far, from /proc; clock ticks are 100 Hz on Linux. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine so far (every process: both PostgreSQL servers, the worker, this bench). */
function machineBusySeconds(): number {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  // user, nice, system, irq, softirq (idle and iowait left out); USER_HZ is 100 on Linux.
  return (f[1]! + f[2]! + f[3]! + f[6]! + f[7]!) / 100;
}

/** For an outside profiler: BENCH_MARK_FILE gets a line when the run starts and when keys+FKs are done. */
function mark(what: "start" | "migrated") {
  if (process.env.BENCH_MARK_FILE) appendFileSync(process.env.BENCH_MARK_FILE, `${what}\n`);
}

function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function ferryMigrate(source: BenchSource, targetDb: string): Promise<FerryBenchResult> {
  Object.assign(process.env, BENCH_ENV);
  await recreateDatabase(targetDb);
  const userId = await freshFerryDatabase(BENCH_ENV);
  const actor = { id: userId, email: BENCH_DBA.email, name: BENCH_DBA.name, role: BENCH_DBA.role };
  const migrationId = await approvedMigration({
    name: "bench",
    source,
    targetDb,
    dataDir: BENCH_ENV.FERRY_DATA_DIR,
    dbaId: userId,
    options: JSON.parse(process.env.BENCH_OPTIONS ?? "{}") as Record<string, unknown>,
  });
  const { db, closeDb } = await import("@/server/db/client");
  const { runs } = await import("@/server/db/schema");
  const { eq } = await import("drizzle-orm");
  const { startRun } = await import("@/server/runs/start-run");
  const { getRunSnapshot } = await import("@/server/runs/get-run-snapshot");
  const { closeQueues, queue } = await import("@/server/queue/jobs");
  const { closeSharedRedis } = await import("@/server/queue/redis");

  const worker = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_WORKER_FLAGS?.split(" ").filter(Boolean) ?? []),
      "--max-old-space-size=128",
      "dist/main.js",
    ],
    {
      env: { ...process.env, ...BENCH_ENV },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve) =>
    worker.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(worker.pid!))), 100);

  const cpuAtStart = cpuSeconds(worker.pid!);
  const machineAtStart = machineBusySeconds();
  const benchCpuAtStart = process.cpuUsage();
  let benchCpuAtMigrate = 0;
  let machineAtMigrate = 0;
  mark("start");
  const t0 = performance.now();
  const { id } = await startRun({ actor, migrationId });
  let migrateSeconds = 0;
  let peakAtMigrate = 0;
  let cpuAtMigrate = 0;
  const phaseSeconds: Record<string, number> = {};
  let phase = "queued";
  let phaseStart = t0;
  for (;;) {
    // A light poll (one row by key) so the bench itself takes little of the machine while it measures.
    const [r] = await db()
      .select({ status: runs.status, phase: runs.phase })
      .from(runs)
      .where(eq(runs.id, id));
    const now = performance.now();
    if (r!.phase !== phase) {
      phaseSeconds[phase] = (phaseSeconds[phase] ?? 0) + (now - phaseStart) / 1000;
      phase = r!.phase;
      phaseStart = now;
    }
    if (!migrateSeconds && (r!.status === "verifying" || ["succeeded", "failed"].includes(r!.status))) {
      migrateSeconds = (now - t0) / 1000;
      peakAtMigrate = Math.max(peak, peakRssMiB(worker.pid!));
      cpuAtMigrate = cpuSeconds(worker.pid!) - cpuAtStart;
      machineAtMigrate = machineBusySeconds() - machineAtStart;
      const own = process.cpuUsage(benchCpuAtStart);
      benchCpuAtMigrate = (own.user + own.system) / 1e6;
      mark("migrated");
    }
    if (["succeeded", "failed", "cancelled"].includes(r!.status)) break;
    // BENCH_UNTIL=migrated ends at keys+FKs, the point pgloader and pg_restore end at, for whole-process timing.
    if (migrateSeconds && process.env.BENCH_UNTIL === "migrated") break;
    await new Promise((res) => setTimeout(res, 20));
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  phaseSeconds[phase] = (phaseSeconds[phase] ?? 0) + (performance.now() - phaseStart) / 1000;
  delete phaseSeconds.done;
  peak = Math.max(peak, peakRssMiB(worker.pid!));
  clearInterval(sampler);
  const snap = await getRunSnapshot(id);
  const stoppedEarly = process.env.BENCH_UNTIL === "migrated" && snap.status === "verifying";
  // SIGTERM lets the worker finish its job (the verification); stopped early, it is killed and its job dropped.
  const exited = new Promise((res) => worker.once("exit", res));
  worker.kill(stoppedEarly ? "SIGKILL" : "SIGTERM");
  await exited;
  if (stoppedEarly) await queue("runs").obliterate({ force: true });
  await closeQueues();
  await closeSharedRedis();
  await closeDb();
  if (snap.status !== "succeeded" && !stoppedEarly) console.error(`Ferry run ${snap.status}: ${snap.error}`);
  return {
    rows: snap.tables.reduce((n, t) => n + t.rowsDone, 0),
    migrateSeconds,
    totalSeconds,
    verifySeconds: totalSeconds - migrateSeconds,
    phaseSeconds,
    workerPeakRssMiBMigrate: Math.round(peakAtMigrate),
    workerPeakRssMiB: Math.round(peak),
    workerCpuSecondsMigrate: cpuAtMigrate,
    machineCpuSecondsMigrate: machineAtMigrate,
    benchCpuSecondsMigrate: benchCpuAtMigrate,
    ok: snap.status === "succeeded" || stoppedEarly,
    log: snap.log.map((l) => `${l.level}: ${l.message}`),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const result =
    args[0] === "--pg"
      ? await ferryMigrate(
          { engine: "postgres", database: args[1] ?? "ferry_bench_pg_source" },
          args[2] ?? "ferry_bench_pg_target",
        )
      : await ferryMigrate(
          { engine: "sqlite", file: args[0] ?? "bench/out/bench.sqlite" },
          args[1] ?? "ferry_bench_target",
        );
  console.log(JSON.stringify(result));
}
