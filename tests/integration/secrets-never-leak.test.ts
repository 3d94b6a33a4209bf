import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listConnectionsRoute } from "@/app/api/connections/route";
import {
  GET as getConnectionRoute,
  PATCH as patchConnectionRoute,
} from "@/app/api/connections/[connectionId]/route";
import { GET as previewRoute } from "@/app/api/connections/[connectionId]/preview/route";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { GET as listMigrationsRoute } from "@/app/api/migrations/route";
import { GET as getMigrationRoute } from "@/app/api/migrations/[migrationId]/route";
import { POST as dryRunRoute } from "@/app/api/migrations/[migrationId]/dry-run/route";
import {
  GET as preflightRoute,
  POST as startPreflightRoute,
} from "@/app/api/migrations/[migrationId]/preflight/route";
import { GET as listRunsRoute } from "@/app/api/migrations/[migrationId]/runs/route";
import { GET as runRoute } from "@/app/api/runs/[runId]/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { GET as signatureRoute } from "@/app/api/runs/[runId]/report/signature/route";
import { runEventsKey } from "@/server/events/run-events";
import { sharedRedis } from "@/server/queue/redis";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// ferry_pw's real password (tests/setup/ensure-password-role.sh), and two that must not leak either.
const PASSWORD = "ferry-pw-secret";
const WRONG = "wrong-Zq9x-never-shown";
const UNREACHABLE = "unreach-Zq9x-never-shown";
const SECRETS = [PASSWORD, WRONG, UNREACHABLE];

// Ferry's own log lines go through the real logger (its redaction included) into this list.
const appLog = vi.hoisted(() => [] as string[]);
vi.mock("@/server/log/logger", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/log/logger")>();
  const { Writable } = await import("node:stream");
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      appLog.push(chunk.toString());
      cb();
    },
  });
  return { ...actual, logger: actual.createLogger(sink) };
});

let cookie: string;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
const seen: { what: string; text: string }[] = [];
const consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
  vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
    appLog.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
  }),
);

const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;

/** The response's headers and bytes as text; a PDF's text as pdftotext reads it, besides its raw bytes. */
async function keep(what: string, res: Response): Promise<Response> {
  const bytes = Buffer.from(await res.clone().arrayBuffer());
  let text = JSON.stringify([...res.headers.entries()]) + bytes.toString("latin1");
  if (bytes.subarray(0, 5).toString() === "%PDF-" && hasPdftotext)
    text += spawnSync("pdftotext", ["-", "-"], { input: bytes }).stdout.toString("utf8");
  seen.push({ what, text });
  return res;
}

type Route<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
const get = async <P>(what: string, handler: Route<P>, params = {} as P, path = "/") =>
  keep(what, await call(handler, { cookie, params, path }));
const post = async <P>(what: string, handler: Route<P>, params = {} as P) =>
  keep(what, await call(handler, { method: "POST", cookie, params }));

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_secrets_source");
  target = await freshDatabase("ferry_it_secrets_target");
  await withClient(source.url, (c) =>
    c.query(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
             INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 500) g;
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO ferry_pw;`),
  );
  await withClient("postgres://postgres@127.0.0.1:5432/postgres", (c) =>
    c.query(`ALTER DATABASE ferry_it_secrets_target OWNER TO ferry_pw`),
  );
});

afterAll(async () => {
  for (const s of consoleSpies) s.mockRestore();
  await source?.drop();
  await target?.drop();
});

describe("connection secrets", () => {
  it("appear in no response, report, event, log line or error of a whole migration and its failures", async () => {
    const worker = await startWorker();
    try {
      const sourceId = await createConnection(cookie, {
        name: "secret source",
        engine: "postgres",
        host: "127.0.0.1",
        port: 5432,
        database: "ferry_it_secrets_source",
        user: "ferry_pw",
        password: PASSWORD,
        sslmode: "disable",
      });
      const targetId = await createConnection(cookie, {
        name: "secret target (URL)",
        engine: "postgres",
        url: `postgres://ferry_pw:${PASSWORD}@127.0.0.1:5432/ferry_it_secrets_target?sslmode=disable`,
      });
      const wrongId = await createConnection(cookie, {
        name: "wrong password",
        engine: "postgres",
        url: `postgres://ferry_pw:${WRONG}@127.0.0.1:5432/ferry_it_secrets_source?sslmode=disable`,
      });
      const unreachableId = await createConnection(cookie, {
        name: "unreachable",
        engine: "postgres",
        url: `postgres://ferry_pw:${UNREACHABLE}@127.0.0.1:1/nowhere?sslmode=disable`,
      });
      await keep(
        "PATCH a password",
        await call(patchConnectionRoute, {
          method: "PATCH",
          cookie,
          params: { connectionId: sourceId },
          json: { password: PASSWORD },
        }),
      );

      for (const id of [sourceId, targetId, wrongId, unreachableId]) {
        await post(`test ${id}`, testConnectionRoute, { connectionId: id });
        await get(`connection ${id}`, getConnectionRoute, { connectionId: id });
        await get(`tables ${id}`, tablesRoute, { connectionId: id });
        await get(`preview ${id}`, previewRoute, { connectionId: id }, "/?table=public.customers");
      }
      expect(
        (await (await get("test wrong", testConnectionRoute, { connectionId: wrongId })).text()).length,
      ).toBeGreaterThan(0);

      // A good migration, run to the end, and two that fail against the bad connections.
      const good = await createMigration(cookie, { name: "secret good", sourceId, targetId });
      const runId = await startRun(cookie, good);
      const final = await waitForRun(cookie, runId, { timeoutMs: 90_000, output: worker.output });
      expect(final.status, final.error ?? "").toBe("succeeded");
      const failedRuns: string[] = [];
      for (const [name, src] of [
        ["secret wrong", wrongId],
        ["secret unreachable", unreachableId],
      ] as const) {
        const m = await createMigration(cookie, { name, sourceId: src, targetId });
        await post(`dry run ${name}`, dryRunRoute, { migrationId: m });
        await post(`preflight ${name}`, startPreflightRoute, { migrationId: m });
        const r = await startRun(cookie, m);
        const f = await waitForRun(cookie, r, { timeoutMs: 90_000, output: worker.output });
        expect(f.status).toBe("failed");
        failedRuns.push(r);
      }
      await post("dry run good", dryRunRoute, { migrationId: good });
      await post("preflight good", startPreflightRoute, { migrationId: good });
      await new Promise((r) => setTimeout(r, 3_000)); // preflights run in the worker

      await get("connections", listConnectionsRoute);
      await get("migrations", listMigrationsRoute);
      for (const m of (await (await call(listMigrationsRoute, { cookie })).json()) as { id: string }[]) {
        await get(`migration ${m.id}`, getMigrationRoute, { migrationId: m.id });
        await get(`preflight ${m.id}`, preflightRoute, { migrationId: m.id });
        await get(`runs ${m.id}`, listRunsRoute, { migrationId: m.id });
      }
      for (const r of [runId, ...failedRuns]) {
        await get(`run ${r}`, runRoute, { runId: r });
        const events = await sharedRedis().xrange(runEventsKey(r), "-", "+");
        seen.push({ what: `events ${r}`, text: JSON.stringify(events) });
      }
      for (const format of ["json", "csv", "pdf"])
        expect((await get(`report ${format}`, reportRoute, { runId }, `/?format=${format}`)).status).toBe(
          200,
        );
      await get("signature", signatureRoute, { runId });
    } finally {
      await worker.stop();
      seen.push({ what: "worker output", text: worker.output() });
    }
    seen.push({ what: "app log", text: appLog.join("\n") });

    const leaks = seen.flatMap(({ what, text }) =>
      SECRETS.filter((s) => text.includes(s) || text.includes(Buffer.from(s).toString("hex"))).map(
        (s) => `${what} contains ${s}`,
      ),
    );
    expect(leaks).toEqual([]);
    // The test looked where it says: the bad connections' errors were seen, and the worker did log.
    const all = seen.map((s) => s.text).join("\n");
    expect(all).toMatch(/Password authentication failed for user \\"ferry_pw\\"/);
    expect(all).toMatch(/Nothing accepted the connection at 127\.0\.0\.1:1/);
    expect(seen.find((s) => s.what === "worker output")!.text).toContain('"msg":"run started"');
    expect(seen.filter((s) => s.what.startsWith("report")).length).toBe(3);
    // The PDF was read as text, not only grepped as compressed bytes (where poppler-utils is installed).
    if (hasPdftotext) expect(seen.find((s) => s.what === "report pdf")!.text).toContain("customers");
  }, 240_000);
});
