#!/usr/bin/env node
// Ferry from a terminal or a CI job: start a migration's run and follow it to the end, against a running Ferry.
//   FERRY_URL=http://ferry:3000 FERRY_TOKEN=ferry_… ferry run "Shop to new cluster"
import { parseArgs } from "node:util";
import type { RunSnapshot } from "@/contracts/runs";
import type { MigrationView } from "@/contracts/migrations";
import { ApiClient, CliError } from "./api-client";
import { followRun } from "./follow-run";
import { outcomeLine, progressLine } from "./progress-line";

const USAGE = `Usage:
  ferry run <migration>     start a run of the migration (its name or id) and follow it to the end
  ferry run <migration> --detach   start it, print the run's id and exit
  ferry watch <run-id>      follow a run that is under way
  ferry migrations          list the migrations and their last runs

Options: --json (the final run as JSON on stdout), --quiet (no progress lines)
Environment: FERRY_URL (default http://127.0.0.1:3000); FERRY_TOKEN, an API token of an admin or DBA (create
one under API tokens in Ferry), or else FERRY_EMAIL and FERRY_PASSWORD of such an account. Secrets are read from
the environment only, so they never show in a process list or shell history.
Exit status: 0 the run succeeded, 1 it failed or was cancelled, 2 Ferry could not be asked (setup, sign-in, refused)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      detach: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, target] = positionals;
  if (values.help || !command) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const baseUrl = process.env.FERRY_URL ?? "http://127.0.0.1:3000";
  const api = await connect(baseUrl);

  if (command === "migrations") {
    const list = await api.json<MigrationView[]>("/api/migrations");
    for (const m of list)
      process.stdout.write(
        `${m.id}  ${m.name}  (${m.sourceName} → ${m.targetName})  last run: ${m.lastRun ? `${m.lastRun.status} ${m.lastRun.createdAt}` : "none"}\n`,
      );
    return 0;
  }
  if ((command !== "run" && command !== "watch") || !target) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const runId = command === "run" ? await startRun(api, target) : target;
  if (command === "run")
    process.stderr.write(`Started run ${runId}: ${new URL(`/runs/${runId}`, baseUrl)}\n`);
  if (values.detach) {
    process.stdout.write(`${runId}\n`);
    return 0;
  }
  const final = await followRun(api, runId, printer(values.quiet));
  process.stderr.write(`${outcomeLine(final)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(final)}\n`);
  return final.status === "succeeded" && final.verified !== false ? 0 : 1;
}

async function connect(baseUrl: string): Promise<ApiClient> {
  const token = process.env.FERRY_TOKEN;
  if (token) return ApiClient.withToken(baseUrl, token);
  const email = process.env.FERRY_EMAIL;
  const password = process.env.FERRY_PASSWORD;
  if (!email || !password)
    throw new CliError(
      "Set FERRY_TOKEN to an API token (API tokens, in Ferry), or FERRY_EMAIL and FERRY_PASSWORD, of an admin or DBA.",
    );
  return ApiClient.signIn(baseUrl, email, password);
}

async function startRun(api: ApiClient, migration: string): Promise<string> {
  let id = migration;
  if (!UUID.test(migration)) {
    const list = await api.json<MigrationView[]>("/api/migrations");
    const found = list.find((m) => m.name === migration);
    if (!found)
      throw new CliError(
        `No migration is named "${migration}". Migrations: ${list.map((m) => `"${m.name}"`).join(", ") || "none yet"}.`,
      );
    id = found.id;
  }
  return (await api.json<{ id: string }>(`/api/migrations/${id}/runs`, { method: "POST" })).id;
}

/** Progress on stderr: each log line as it comes, a progress line at each phase and every second or five. */
function printer(quiet: boolean) {
  const every = process.stderr.isTTY ? 1000 : 5000;
  let last = 0;
  let phase = "";
  return (run: RunSnapshot, event: { type: string; line?: { level: string; message: string } } | null) => {
    if (quiet) return;
    if (event?.type === "run.log" && event.line)
      process.stderr.write(`  ${event.line.level.padEnd(5)} ${event.line.message}\n`);
    const now = Date.now();
    if (run.phase !== phase || now - last >= every) {
      phase = run.phase;
      last = now;
      process.stderr.write(`${progressLine(run, now)}\n`);
    }
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`ferry: ${err instanceof CliError ? err.message : (err.stack ?? err.message)}\n`);
    process.exit(2);
  },
);
