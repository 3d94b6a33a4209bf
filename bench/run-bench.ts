// npm run bench: ~1M rows SQLite → PostgreSQL, Ferry vs pgloader (when installed), same data, same run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ferryMigrate } from "./ferry-migrate";
import { generateBenchSqlite } from "./generate-sqlite";

const file = path.resolve("bench/out/bench.sqlite");
// Ferry is measured as users run it: the bundled worker (npm run build:worker), not the dev loader.
execFileSync("npm", ["run", "--silent", "build:worker"], { stdio: "inherit" });
mkdirSync("bench/out", { recursive: true });
const scale = Number(process.env.BENCH_SCALE ?? 1);
console.log(`generating ${file} (scale ${scale}) …`);
const rows = process.env.BENCH_REUSE ? 1_000_000 * scale : generateBenchSqlite(file, scale);
console.log(`${rows.toLocaleString()} rows in 5 tables`);

const ferry = await ferryMigrate(file, "ferry_bench_target");
console.log(
  `Ferry:    ${ferry.migrateSeconds.toFixed(2)} s to keys+FKs (${Math.round(ferry.rows / ferry.migrateSeconds).toLocaleString()} rows/s), ` +
    `+${ferry.verifySeconds.toFixed(2)} s verification (counts + checksums), worker peak RSS ${ferry.workerPeakRssMiBMigrate} MiB (${ferry.workerPeakRssMiB} MiB with verification), ${ferry.ok ? "verified" : "NOT verified"}`,
);

if (!ferry.ok) {
  console.error("Ferry's run did not verify: no comparison.");
  process.exit(1);
}

const hasPgloader = spawnSync("pgloader", ["--version"]).status === 0;
if (!hasPgloader) {
  console.log("pgloader: not installed (apt-get install pgloader) — no comparison");
} else {
  const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS ferry_bench_pgloader WITH (FORCE)");
  await admin.query("CREATE DATABASE ferry_bench_pgloader");
  await admin.end();
  const t0 = performance.now();
  const run = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "peak-rss-kb=%M",
      "pgloader",
      "--quiet",
      `sqlite://${file}`,
      "postgresql://postgres@127.0.0.1:5432/ferry_bench_pgloader",
    ],
    { encoding: "utf8" },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`pgloader failed:\n${run.stderr}`);
  const rssMiB = Math.round(Number(/peak-rss-kb=(\d+)/.exec(run.stderr)?.[1] ?? 0) / 1024);
  console.log(
    `pgloader: ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString()} rows/s), peak RSS ${rssMiB} MiB`,
  );
  console.log(
    `ratio (Ferry rows/s ÷ pgloader rows/s, migration without verification): ${(seconds / ferry.migrateSeconds).toFixed(2)}×`,
  );
}
