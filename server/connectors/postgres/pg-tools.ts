import { spawn, spawnSync } from "node:child_process";
import { Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
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

/** pg_dump must be at least as new as the server it dumps; says what to install when it is not. */
export function checkPgDump(serverMajor: number): { version: string } {
  const out = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
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
  return { version };
}

export type DumpSection = "pre-data" | "post-data";

/**
 * Streams one section of the source's schema (pg_dump) into the target (psql), in one transaction that
 * stops at the first error: the target gets the whole section or none of it.
 */
export async function copySchemaSection(opts: {
  source: PgConnectionSettings;
  target: PgConnectionSettings;
  section: DumpSection;
  snapshot: string | null;
  schemas: readonly string[];
  ownersAndGrants: boolean;
  /** Schemas left out, by exact name. */
  excludeSchemas?: readonly string[];
  /** Tables, views and sequences left out, as pg_dump patterns. */
  excludeTables?: readonly string[];
  /** SQL run in the same transaction after the section (pg_dump has emptied search_path by then). */
  after?: string;
  /** Rewrites the dump line by line on its way into psql. */
  rewriteLine?: (line: string) => string;
}): Promise<void> {
  const args = ["--schema-only", `--section=${opts.section}`, "--no-comments"];
  if (!opts.ownersAndGrants) args.push("--no-owner", "--no-privileges");
  if (opts.snapshot) args.push(`--snapshot=${opts.snapshot}`);
  for (const s of opts.schemas) args.push(`--schema=${s.replaceAll(/[*?"]/g, (c) => `\\${c}`)}`);
  for (const s of opts.excludeSchemas ?? []) args.push(`--exclude-schema="${s.replaceAll('"', '""')}"`);
  for (const t of opts.excludeTables ?? []) args.push(`--exclude-table=${t}`);
  const dump = spawn("pg_dump", args, { env: libpqEnv(opts.source), stdio: ["ignore", "pipe", "pipe"] });
  const psql = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"], {
    env: libpqEnv(opts.target),
    stdio: ["pipe", "ignore", "pipe"],
  });
  psql.stdin.on("error", () => undefined); // psql stopped early: its exit code and stderr say why
  const sql = opts.rewriteLine ? dump.stdout.pipe(rewriteLines(opts.rewriteLine)) : dump.stdout;
  sql.pipe(psql.stdin, { end: false });
  let dumpErr = "";
  let psqlErr = "";
  dump.stderr.on("data", (d) => (dumpErr += d));
  psql.stderr.on("data", (d) => (psqlErr += d));
  const dumped = new Promise<number>((r) => dump.on("close", (c) => r(c ?? 1)));
  const psqlClosed = new Promise<number>((r) =>
    psql.on("close", (c) => {
      sql.unpipe().resume(); // psql gave up: drain the rest of the dump so pg_dump can exit
      r(c ?? 1);
    }),
  );
  // psql commits when its input ends: end it only after a complete dump, else kill it so nothing commits.
  const streamed = new Promise<void>((r) => sql.on("end", r));
  void Promise.all([dumped, streamed]).then(([code]) => {
    if (code === 0) psql.stdin.end(opts.after ? `\n${opts.after}\n` : "");
    else psql.kill("SIGKILL");
  });
  const [dumpCode, psqlCode] = await Promise.all([dumped, psqlClosed]);
  if (dumpCode !== 0) throw new Error(`pg_dump (${opts.section}) failed: ${dumpErr.trim().slice(0, 800)}`);
  if (psqlCode !== 0)
    throw new Error(
      `Applying the ${opts.section} schema to the target failed, and none of it was kept: ${psqlErr.trim().slice(0, 800)}`,
    );
}

function rewriteLines(fn: (line: string) => string): Transform {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop()!;
      done(null, lines.map((l) => `${fn(l)}\n`).join(""));
    },
    flush(done) {
      const last = rest + decoder.end();
      done(null, last ? fn(last) : "");
    },
  });
}
