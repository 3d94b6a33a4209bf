// Ferry running as a service, for timing whole migrations from outside as a user starts them: its own
// database, the built app (npm run build first) on port 3400 and the bundled worker, with two migrations
// created and approved, verifying on request: "bench pg" (ferry_bench_pg_source → ferry_bench_pg_cli; "bench pg
// verified" verifies as part of the run) and
// "bench sqlite" (bench/out/bench.sqlite → ferry_bench_sqlite_cli); when the many-tables source exists
// (bench/generate-many-tables.ts), "bench many" (→ ferry_bench_many_cli) and "bench many verified", which
// verifies as part of the run. Stays up until interrupted.
//
//   node --import tsx bench/ferry-service.ts &      # prints "ferry bench service ready"
//   /usr/bin/time -v bash bench/ferry-run.sh pg     # one timed run: fresh target database, then `ferry run`
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { approvedMigration, BENCH_DBA, freshFerryDatabase, type BenchSource } from "./bench-setup";
import { PG_MANY_SOURCE } from "./generate-many-tables";
import { databaseExists, PG_BENCH_SOURCE } from "./generate-postgres";

export const SERVICE_PORT = 3400;
const SERVICE_TOKEN_FILE = "bench/out/service-data/cli-token";
const ENV = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/ferry_bench_service",
  REDIS_URL: "redis://127.0.0.1:6379",
  FERRY_SECRET_KEY: "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMTI=",
  FERRY_DATA_DIR: path.resolve("bench/out/service-data"),
  FERRY_REDIS_PREFIX: "ferry-bench-service",
  NODE_ENV: "production" as const,
};

Object.assign(process.env, ENV);
const dbaId = await freshFerryDatabase(ENV);
const verifyOnRequest = { verifyAfterRun: false };
const verifyInRun = { verifyAfterRun: true };
const pgSource = (database: string) => ({ engine: "postgres" as const, database });
const benchMigrations: {
  name: string;
  source: BenchSource;
  targetDb: string;
  options: Record<string, unknown>;
}[] = [
  {
    name: "bench pg",
    source: pgSource(PG_BENCH_SOURCE),
    targetDb: "ferry_bench_pg_cli",
    options: verifyOnRequest,
  },
  {
    name: "bench pg autovacuum",
    source: pgSource(PG_BENCH_SOURCE),
    targetDb: "ferry_bench_pg_cli",
    options: { ...verifyOnRequest, analyzeInRun: false },
  },
  {
    name: "bench pg verified",
    source: pgSource(PG_BENCH_SOURCE),
    targetDb: "ferry_bench_pg_cli",
    options: verifyInRun,
  },
  ...(existsSync("bench/out/bench.sqlite")
    ? [
        {
          name: "bench sqlite",
          source: { engine: "sqlite" as const, file: "bench/out/bench.sqlite" },
          targetDb: "ferry_bench_sqlite_cli",
          options: verifyOnRequest,
        },
      ]
    : []),
  ...((await databaseExists(PG_MANY_SOURCE))
    ? [
        {
          name: "bench many",
          source: pgSource(PG_MANY_SOURCE),
          targetDb: "ferry_bench_many_cli",
          options: verifyOnRequest,
        },
        {
          name: "bench many verified",
          source: pgSource(PG_MANY_SOURCE),
          targetDb: "ferry_bench_many_cli",
          options: verifyInRun,
        },
      ]
    : []),
];
for (const m of benchMigrations) await approvedMigration({ ...m, dataDir: ENV.FERRY_DATA_DIR, dbaId });
// The CLI runs as a CI job would: with an API token, not a password sign-in.
const { createApiToken } = await import("@/server/auth/api-tokens");
const { token } = await createApiToken(
  { id: dbaId, email: BENCH_DBA.email, name: "bench", role: "dba" },
  { name: "bench CLI", expiresInDays: 1 },
);
mkdirSync(ENV.FERRY_DATA_DIR, { recursive: true });
writeFileSync(SERVICE_TOKEN_FILE, token, { mode: 0o600 });
const { closeDb } = await import("@/server/db/client");
await closeDb();

const env = { ...process.env, ...ENV };
const children: ChildProcess[] = [
  spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(SERVICE_PORT)], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  }),
  spawn(process.execPath, ["--max-old-space-size=128", "dist/main.js"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  }),
];
await new Promise<void>((resolve) =>
  children[1]!.stdout!.on("data", (d: Buffer) => d.toString().includes("worker ready") && resolve()),
);
for (;;) {
  const up = await fetch(`http://127.0.0.1:${SERVICE_PORT}/api/health`).catch(() => null);
  if (up) break;
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`ferry bench service ready on http://127.0.0.1:${SERVICE_PORT} (worker pid ${children[1]!.pid})`);
const stop = () => {
  for (const c of children) c.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
