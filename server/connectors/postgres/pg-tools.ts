import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { DomainError } from "@/server/errors";
import type { PgConnectionSettings } from "./pg-config";

/** libpq environment for a child process: the password never appears in argv (visible in ps) or logs. */
function libpqEnv(s: PgConnectionSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGHOST: s.host,
    PGPORT: String(s.port),
    PGDATABASE: s.database,
    PGUSER: s.user,
    PGPASSWORD: s.password ?? "",
    PGSSLMODE: s.sslmode,
    PGAPPNAME: "ferry",
    PGCONNECT_TIMEOUT: "10",
  };
}

const DEBIAN_PG_LIB = "/usr/lib/postgresql";

/**
 * Where the PostgreSQL client programs are: FERRY_PG_BINDIR when set; on Debian and Ubuntu the newest
 * installed version's directory, which is what their pg_wrapper would pick for pg_dump, without a Perl start
 * per call (it cost about 40 ms of CPU each, and a run calls these tools many times); else the PATH.
 */
const binDir: string | null = (() => {
  if (process.env.FERRY_PG_BINDIR) return process.env.FERRY_PG_BINDIR;
  if (!existsSync(DEBIAN_PG_LIB)) return null;
  const newest = readdirSync(DEBIAN_PG_LIB)
    .filter((v) => /^\d+$/.test(v) && existsSync(`${DEBIAN_PG_LIB}/${v}/bin/pg_dump`))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest ? `${DEBIAN_PG_LIB}/${newest}/bin` : null;
})();

export const pgTool = (name: "pg_dump" | "pg_restore" | "psql"): string =>
  binDir && existsSync(`${binDir}/${name}`) ? `${binDir}/${name}` : name;

const pgDumpVersions = new Map<number, { version: string }>();

/** pg_dump must be at least as new as the server it dumps; says what to install when it is not. */
export function checkPgDump(serverMajor: number): { version: string } {
  const known = pgDumpVersions.get(serverMajor);
  if (known) return known;
  const out = spawnSync(pgTool("pg_dump"), ["--version"], { encoding: "utf8" });
  if (out.error || out.status !== 0)
    throw new DomainError(
      400,
      "pg_dump_missing",
      `pg_dump is not installed on the worker's host. Install the PostgreSQL ${serverMajor} client (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}); Ferry's Docker image ships a current one.`,
    );
  const version = /(\d+)(?:\.(\d+))?/.exec(out.stdout)?.[0] ?? "?";
  const major = Number(version.split(".")[0]);
  if (major < serverMajor)
    throw new DomainError(
      400,
      "pg_dump_too_old",
      `pg_dump ${version} cannot dump a PostgreSQL ${serverMajor} server. Install postgresql-client-${serverMajor} (or newer) on the worker's host; Ferry's Docker image ships a current client.`,
    );
  pgDumpVersions.set(serverMajor, { version });
  return { version };
}

export type DumpSection = "pre-data" | "post-data";

/**
 * The source's whole schema as one pg_dump archive (custom format), read at the run's snapshot. Sections
 * are restored from it later, each through a filtered table of contents, the way pgcopydb does.
 */
export async function dumpSchemaArchive(opts: {
  source: PgConnectionSettings;
  snapshot: string | null;
  file: string;
}): Promise<void> {
  const args = ["--schema-only", "--format=custom", `--file=${opts.file}`];
  if (opts.snapshot) args.push(`--snapshot=${opts.snapshot}`);
  const { code, stderr } = await run(pgTool("pg_dump"), args, libpqEnv(opts.source));
  if (code !== 0) throw new Error(`pg_dump failed: ${stderr.trim().slice(0, 800)}`);
}

/**
 * The pre-data section of the whole database at the snapshot, as the SQL printEntries gives for it from the
 * archive (same pg_dump code, same options), straight from pg_dump: for a run that restores everything, it is
 * ready when the archive is, without a pg_restore after it.
 */
export async function dumpPreDataScript(opts: {
  source: PgConnectionSettings;
  snapshot: string | null;
  ownersAndGrants: boolean;
}): Promise<string> {
  const args = ["--schema-only", "--section=pre-data", "--no-comments"];
  if (!opts.ownersAndGrants) args.push("--no-owner", "--no-privileges");
  if (opts.snapshot) args.push(`--snapshot=${opts.snapshot}`);
  const { code, stdout, stderr } = await run(pgTool("pg_dump"), args, libpqEnv(opts.source));
  if (code !== 0) throw new Error(`pg_dump (pre-data) failed: ${stderr.trim().slice(0, 800)}`);
  return stdout;
}

/** The archive's table of contents, as `pg_restore --list` prints it. */
export async function listArchive(file: string): Promise<string> {
  const { code, stdout, stderr } = await run(pgTool("pg_restore"), ["--list", file], process.env);
  if (code !== 0) throw new Error(`pg_restore --list failed: ${stderr.trim().slice(0, 800)}`);
  return stdout;
}

/**
 * The SQL pg_restore would run for the entries of `listFile` in one section, as text (a schema section is
 * small next to the data), so that Ferry runs it on target sessions it already holds: no psql to start and
 * no connection to open for each section.
 */
export async function printEntries(opts: {
  file: string;
  /** Without one, every entry of the section. */
  listFile?: string;
  section: DumpSection;
  ownersAndGrants: boolean;
}): Promise<string> {
  const args = [`--section=${opts.section}`, "--no-comments", "--file=-"];
  if (opts.listFile) args.push(`--use-list=${opts.listFile}`);
  if (!opts.ownersAndGrants) args.push("--no-owner", "--no-privileges");
  const { code, stdout, stderr } = await run(pgTool("pg_restore"), [...args, opts.file], process.env);
  if (code !== 0) throw new Error(`pg_restore (${opts.section}) failed: ${stderr.trim().slice(0, 800)}`);
  return stdout;
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A custom-format dump of exactly these tables (with their indexes, constraints, triggers and owned sequences). */
export async function dumpTables(opts: {
  target: PgConnectionSettings;
  tables: { schema: string; name: string }[];
  file: string;
}): Promise<void> {
  // Inside double quotes a pg_dump pattern matches literally: no case folding, no wildcards.
  const patterns = opts.tables.map(
    (t) => `--table="${t.schema.replaceAll('"', '""')}"."${t.name.replaceAll('"', '""')}"`,
  );
  const args = ["--format=custom", "--strict-names", `--file=${opts.file}`, ...patterns];
  const { code, stderr } = await run(pgTool("pg_dump"), args, libpqEnv(opts.target));
  if (code !== 0) throw new Error(`pg_dump of the snapshot failed: ${stderr.trim().slice(0, 800)}`);
}

/**
 * In one target transaction: `beforeSql` (e.g. dropping what is to be replaced), then the whole archive.
 * Not `pg_restore --clean`: its DROPs are written for the dumped definitions and fail on objects whose
 * shape has changed since (a serial column that became an identity), so the caller drops instead.
 */
export async function restoreArchive(opts: {
  target: PgConnectionSettings;
  file: string;
  beforeSql: string;
}): Promise<void> {
  const restore = spawn(pgTool("pg_restore"), ["--file=-", opts.file], { stdio: ["ignore", "pipe", "pipe"] });
  const psql = spawn(pgTool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"], {
    env: libpqEnv(opts.target),
    stdio: ["pipe", "ignore", "pipe"],
  });
  psql.stdin.on("error", () => undefined); // psql stopped early: its exit code and stderr say why
  // NOTICEs (e.g. "drop cascades to …") would bury the one ERROR line that says what went wrong.
  psql.stdin.write(`SET client_min_messages = warning;\n${opts.beforeSql}\n`);
  restore.stdout.pipe(psql.stdin, { end: false });
  let restoreErr = "";
  let psqlErr = "";
  restore.stderr.on("data", (d) => (restoreErr += d));
  psql.stderr.on("data", (d) => (psqlErr += d));
  const restored = new Promise<number>((r) => restore.on("close", (c) => r(c ?? 1)));
  const psqlClosed = new Promise<number>((r) =>
    psql.on("close", (c) => {
      restore.stdout.unpipe().resume();
      r(c ?? 1);
    }),
  );
  const streamed = new Promise<void>((r) => restore.stdout.on("end", r));
  // psql commits when its input ends: end it only after the whole archive, else kill it so nothing commits.
  void Promise.all([restored, streamed]).then(([code]) => {
    if (code === 0) psql.stdin.end();
    else psql.kill("SIGKILL");
  });
  const [restoreCode, psqlCode] = await Promise.all([restored, psqlClosed]);
  if (restoreCode !== 0)
    throw new Error(`pg_restore of the snapshot failed: ${restoreErr.trim().slice(0, 800)}`);
  if (psqlCode !== 0)
    throw new Error(
      `Restoring the snapshot failed, and nothing was changed: ${psqlErr.trim().slice(0, 800)}`,
    );
}
