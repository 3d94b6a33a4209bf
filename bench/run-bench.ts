// npm run bench: Ferry against the usual tools on the same data in the same run, each BENCH_REPEAT times
// (default 3, interleaved), medians with the spread.
//   sqlite: ~1M rows SQLite → PostgreSQL, Ferry vs pgloader (when installed)
//   pg:     ~1M rows PostgreSQL → PostgreSQL, Ferry vs pg_dump | psql (alone, and with vacuumdb --analyze-only
//           after it: planner statistics, as Ferry leaves them) and pg_dump -Fd -j 2 + pg_restore -j 2
//   pg-many: 1,000 small tables PostgreSQL → PostgreSQL (what a run pays per table), Ferry vs pg_dump | psql
// BENCH_CASE=sqlite|pg|pg-many picks one (default all), BENCH_SCALE multiplies rows (tables for pg-many),
// BENCH_REUSE keeps the sources, BENCH_OPTIONS sets the bench migration's options (JSON, e.g.
// '{"analyzeInRun":false}').
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import pg from "pg";
import { ferryMigrate, type BenchSource, type FerryBenchResult } from "./ferry-migrate";
import {
  countPgBenchRows,
  generateBenchPostgres,
  PG_BENCH_SOURCE,
  recreateDatabase,
} from "./generate-postgres";
import { countManyTablesRows, generateManyTables, PG_MANY_SOURCE } from "./generate-many-tables";
import { generateBenchSqlite } from "./generate-sqlite";

const scale = Number(process.env.BENCH_SCALE ?? 1);
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const cases = process.env.BENCH_CASE ? [process.env.BENCH_CASE] : ["sqlite", "pg", "pg-many"];
const PG = { host: "127.0.0.1", port: "5432", user: "postgres" };

type Sample = { seconds: number; rssMiB: number };
type Tool = { name: string; run: () => Promise<Sample> };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: number[], digits = 2) =>
  xs.length > 1 ? ` (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})` : "";

/** An external command under /usr/bin/time: wall seconds and the peak RSS of its largest process. */
function timed(command: string, args: string[]): Sample {
  const t0 = performance.now();
  const run = spawnSync("/usr/bin/time", ["-f", "peak-rss-kb=%M", command, ...args], {
    encoding: "utf8",
    env: { ...process.env, PGHOST: PG.host, PGPORT: PG.port, PGUSER: PG.user },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`${command} failed:\n${run.stderr}`);
  const rssMiB = Number(/peak-rss-kb=(\d+)/.exec(run.stderr)?.[1] ?? 0) / 1024;
  return { seconds, rssMiB };
}

/** Every timed run starts with no dirty buffers of the previous one left to write. */
async function checkpoint(): Promise<void> {
  const c = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await c.connect();
  await c.query("CHECKPOINT");
  await c.end();
}

const TOOL_TRIES = 3;

/**
 * One timed run of another tool. pgloader sometimes dies of an internal error on the same input that it loads
 * on the next try (SBCL's "KABOOM! INVALID-ARRAY-INDEX-ERROR" here): such a run is said, not counted, and
 * tried again; a tool that fails every try is left out of this round rather than ending the benchmark.
 */
async function runTool(t: Tool): Promise<Sample | null> {
  for (let attempt = 1; attempt <= TOOL_TRIES; attempt++) {
    await checkpoint();
    try {
      return await t.run();
    } catch (err) {
      const first = (err as Error).message.split("\n").find((l) => l.trim() && !l.includes("failed:"));
      console.log(
        `  ${t.name} failed (try ${attempt} of ${TOOL_TRIES}, not counted): ${first ?? "no message"}`,
      );
    }
  }
  return null;
}

async function compare(rows: number, source: BenchSource, targetDb: string, tools: Tool[]): Promise<void> {
  const ferry: FerryBenchResult[] = [];
  // Each tool's runs with the Ferry run of the same round, so that ratios pair even if a round lacks one.
  const others = new Map<string, (Sample & { ferrySeconds: number })[]>(tools.map((t) => [t.name, []]));
  for (let i = 1; i <= repeat; i++) {
    await checkpoint();
    const f = await ferryMigrate(source, targetDb);
    if (!f.ok) {
      console.error(`Ferry's run did not verify: no comparison.\n${f.log.join("\n")}`);
      process.exit(1);
    }
    if (f.rows !== rows) console.warn(`Ferry copied ${f.rows} rows; the source was said to have ${rows}.`);
    ferry.push(f);
    const phases = Object.entries(f.phaseSeconds)
      .map(([p, s]) => `${p} ${s.toFixed(2)}`)
      .join(", ");
    console.log(
      `  #${i} Ferry ${f.migrateSeconds.toFixed(2)} s to keys+FKs [${phases}], worker ${f.workerPeakRssMiBMigrate} MiB`,
    );
    for (const t of tools) {
      const s = await runTool(t);
      if (!s) continue;
      others.get(t.name)!.push({ ...s, ferrySeconds: f.migrateSeconds });
      console.log(`  #${i} ${t.name} ${s.seconds.toFixed(2)} s, ${Math.round(s.rssMiB)} MiB`);
    }
  }
  // Other work on the machine shows up as spread: say how busy it was.
  console.log(
    `\n${rows.toLocaleString("en")} rows, ${repeat} run(s) each, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at the end; median (min–max):`,
  );
  const fs = ferry.map((f) => f.migrateSeconds);
  const fm = median(fs);
  const line = (name: string, secs: number[], rss: number[], extra = "") =>
    console.log(
      `${name.padEnd(40)} ${median(secs).toFixed(2)} s${spread(secs)}, ` +
        `${Math.round(rows / median(secs)).toLocaleString("en")} rows/s, ` +
        `peak RSS ${Math.round(median(rss))} MiB${spread(rss, 0)}${extra}`,
    );
  // BENCH_OPTIONS='{"analyzeInRun":false}' leaves ANALYZE to autovacuum, as pg_dump | psql does.
  const analyzes = (JSON.parse(process.env.BENCH_OPTIONS ?? "{}") as { analyzeInRun?: boolean }).analyzeInRun;
  line(
    `Ferry (schema, data, keys, indexes, FKs${analyzes === false ? "" : ", ANALYZE"})`,
    fs,
    ferry.map((f) => f.workerPeakRssMiBMigrate),
    ` (worker; ${median(ferry.map((f) => f.workerPeakRssMiB))} MiB with verification)`,
  );
  const v = ferry.map((f) => f.verifySeconds);
  console.log(
    `${"  + Ferry verification".padEnd(40)} ${median(v).toFixed(2)} s${spread(v)} (counts + checksums)`,
  );
  for (const phase of Object.keys(ferry[0]!.phaseSeconds)) {
    const ps = ferry.map((f) => f.phaseSeconds[phase] ?? 0);
    console.log(`${`    Ferry phase ${phase}`.padEnd(40)} ${median(ps).toFixed(2)} s${spread(ps)}`);
  }
  for (const [name, samples] of others) {
    if (!samples.length) {
      console.log(`${name.padEnd(40)} no run finished`);
      continue;
    }
    const secs = samples.map((s) => s.seconds);
    line(
      name,
      secs,
      samples.map((s) => s.rssMiB),
    );
    const ratios = samples.map((s) => s.seconds / s.ferrySeconds);
    console.log(
      `${"  ratio (its time ÷ Ferry's time)".padEnd(40)} ${(median(secs) / fm).toFixed(2)}× of medians${spread(ratios).replace("(", "(per run ")}`,
    );
  }
  console.log(`Ferry's last run log:\n  ${ferry.at(-1)!.log.join("\n  ")}\n`);
}

/**
 * `pg_dump | psql` from `source` into a fresh `target`, checked to have every row (`count` counts them). With
 * `analyze`, then `vacuumdb --analyze-only -j 2`: planner statistics, as a Ferry run leaves them by default.
 */
function pgDumpPsql(
  source: string,
  target: string,
  rows: number,
  count: (database: string) => Promise<number>,
  { analyze = false } = {},
): Tool {
  return {
    name: analyze ? "pg_dump | psql, vacuumdb --analyze-only" : "pg_dump | psql",
    run: async () => {
      await recreateDatabase(target);
      const s = timed("bash", [
        "-o",
        "pipefail",
        "-c",
        `pg_dump -d ${source} | psql -X -q -v ON_ERROR_STOP=1 -d ${target} >/dev/null` +
          (analyze ? ` && vacuumdb --analyze-only --quiet -j 2 -d ${target}` : ""),
      ]);
      if ((await count(target)) !== rows) throw new Error("pg_dump | psql lost rows");
      return s;
    },
  };
}

// Ferry is measured as users run it: the bundled worker (npm run build:worker), not the dev loader.
execFileSync("npm", ["run", "--silent", "build:worker"], { stdio: "inherit" });
mkdirSync("bench/out", { recursive: true });

if (cases.includes("sqlite")) {
  const file = path.resolve("bench/out/bench.sqlite");
  console.log(`== SQLite → PostgreSQL: generating ${file} (scale ${scale}) …`);
  const rows = process.env.BENCH_REUSE ? 1_000_000 * scale : generateBenchSqlite(file, scale);
  const tools: Tool[] = [];
  if (spawnSync("pgloader", ["--version"]).status === 0)
    tools.push({
      name: "pgloader",
      run: async () => {
        await recreateDatabase("ferry_bench_pgloader");
        return timed("pgloader", [
          "--quiet",
          `sqlite://${file}`,
          "postgresql://postgres@127.0.0.1:5432/ferry_bench_pgloader",
        ]);
      },
    });
  else console.log("pgloader: not installed (apt-get install pgloader) — Ferry alone");
  await compare(rows, { engine: "sqlite", file }, "ferry_bench_target", tools);
}

if (cases.includes("pg")) {
  console.log(`== PostgreSQL → PostgreSQL: generating ${PG_BENCH_SOURCE} (scale ${scale}) …`);
  const rows = process.env.BENCH_REUSE
    ? await countPgBenchRows()
    : await generateBenchPostgres(PG_BENCH_SOURCE, scale);
  const dumpDir = path.resolve("bench/out/pg-dump-dir");
  const tools: Tool[] = [
    pgDumpPsql(PG_BENCH_SOURCE, "ferry_bench_pg_psql", rows, countPgBenchRows),
    pgDumpPsql(PG_BENCH_SOURCE, "ferry_bench_pg_psql", rows, countPgBenchRows, { analyze: true }),
    {
      name: "pg_dump -Fd -j 2 + pg_restore -j 2",
      run: async () => {
        rmSync(dumpDir, { recursive: true, force: true });
        await recreateDatabase("ferry_bench_pg_restore");
        const dump = timed("pg_dump", ["-Fd", "-j", "2", "-f", dumpDir, "-d", PG_BENCH_SOURCE]);
        const restore = timed("pg_restore", ["-j", "2", "-d", "ferry_bench_pg_restore", dumpDir]);
        if ((await countPgBenchRows("ferry_bench_pg_restore")) !== rows)
          throw new Error("pg_dump -Fd + pg_restore lost rows");
        return { seconds: dump.seconds + restore.seconds, rssMiB: Math.max(dump.rssMiB, restore.rssMiB) };
      },
    },
  ];
  await compare(rows, { engine: "postgres", database: PG_BENCH_SOURCE }, "ferry_bench_pg_target", tools);
}

if (cases.includes("pg-many")) {
  console.log(
    `== PostgreSQL → PostgreSQL, many small tables: generating ${PG_MANY_SOURCE} (scale ${scale}) …`,
  );
  const rows = process.env.BENCH_REUSE
    ? await countManyTablesRows()
    : await generateManyTables(PG_MANY_SOURCE, scale);
  const tools: Tool[] = [pgDumpPsql(PG_MANY_SOURCE, "ferry_bench_many_psql", rows, countManyTablesRows)];
  await compare(rows, { engine: "postgres", database: PG_MANY_SOURCE }, "ferry_bench_many_target", tools);
}
