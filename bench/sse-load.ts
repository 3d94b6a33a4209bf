// SSE load: 20 dashboards follow two concurrent runs over Server-Sent Events, through the real app (next start)
// and the real worker. Prints the event latency (worker publish → client receive), the app's memory, and
// whether clients whose connection dropped mid-run resumed without missing an event or the final state.
//
//   npx next build && npm run bench:sse        (starts its own stack on :3300 with databases ferry_e2e*_load)
//
// Exit code 1 when any dashboard missed an event or the final state.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EventSource } from "eventsource";
import pg from "pg";
import { generateBenchSqlite } from "./generate-sqlite";

const PORT = Number(process.env.SSE_PORT ?? 3300);
const SUFFIX = "_load";
const DASHBOARDS = Number(process.env.SSE_DASHBOARDS ?? 20);
const DROPPING = 5; // dashboards whose connections are cut mid-run
const SCALE = Number(process.env.SSE_SCALE ?? 0.3);
const BASE = `http://localhost:${PORT}`;

process.env.FERRY_E2E_SUFFIX = SUFFIX;
process.env.FERRY_E2E_PORT = String(PORT);
const { E2E_USERS, e2eDb, e2eDbUrl } = await import("../e2e/stack-env");

type Received = { id: string; latencyMs: number | null };

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** RSS of a process and all its descendants, from /proc. */
function treeRssMiB(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  let kb = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += m ? Number(m[1]) : 0;
    } catch {
      /* gone */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return Math.round(kb / 1024);
}

async function waitForApp(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${BASE}/api/health`);
      if (res.status < 500 || res.status === 503) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not come up on ${BASE}.`);
}

async function api<T>(cookie: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}${url}`, {
    method,
    headers: {
      cookie,
      origin: BASE,
      ...(body instanceof FormData ? {} : { "content-type": "application/json" }),
    },
    body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(role: "dba" | "lead"): Promise<string> {
  const user = E2E_USERS.find((u) => u.role === role)!;
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!res.ok) throw new Error(`Sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** One dashboard following one run, as a browser's EventSource would (it resends Last-Event-ID itself). */
function follow(cookie: string, runId: string, since: number, dropAfterEvents?: number) {
  const received: Received[] = [];
  let cut: (() => void) | null = null;
  let reconnects = 0;
  let connections = 0;
  const source = new EventSource(`${BASE}/api/runs/${runId}/events?after=0`, {
    fetch: async (input, init) => {
      connections++;
      if (connections > 1) reconnects++;
      const res = await fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), cookie },
      });
      // The body is passed through a stream this dashboard can end, as a dropped connection ends it.
      const reader = res.body!.getReader();
      let ctrl!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start: (c) => void (ctrl = c),
        async pull(c) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
          try {
            if (done) c.close();
            else c.enqueue(value);
          } catch {
            /* already ended by cut() */
          }
        },
        cancel: (reason) => reader.cancel(reason),
      });
      cut = () => {
        void reader.cancel().catch(() => undefined);
        try {
          ctrl.close();
        } catch {
          /* already closed */
        }
      };
      return new Response(body, { status: res.status, headers: res.headers });
    },
  });
  const ended = new Promise<boolean>((resolve) => {
    source.addEventListener("end", () => {
      source.close();
      resolve(true);
    });
    setTimeout(() => {
      source.close();
      resolve(false);
    }, 180_000);
  });
  // Events published before this dashboard first connected are history it replays, not live latency.
  let openedAt = Infinity;
  source.onopen = () => (openedAt = Math.min(openedAt, Date.now()));
  source.onmessage = (e) => {
    const now = Date.now();
    const event = JSON.parse(e.data as string) as { at?: string; line?: { at?: string } };
    const at = Date.parse(event.at ?? event.line?.at ?? "");
    const live = Number.isFinite(at) && at >= Math.max(since, openedAt);
    received.push({ id: e.lastEventId, latencyMs: live ? now - at : null });
    // Cut once, mid-run, after a few events: the way a network drop would end it.
    if (received.length === dropAfterEvents) cut?.();
  };
  return {
    received,
    ended,
    get reconnects() {
      return reconnects;
    },
  };
}

let stack: ChildProcess | null = null;
const stop = () => stack?.kill("SIGTERM");
process.on("exit", stop);

try {
  await mkdir("bench/out", { recursive: true });
  const file = path.resolve("bench/out/sse-load.sqlite");
  const rows = generateBenchSqlite(file, SCALE);
  stack = spawn(process.execPath, ["--import", "tsx", "e2e/start-stack.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: process.env,
  });
  await waitForApp(Date.now() + 180_000);
  // The app is whatever listens on the port (next start's server process), with its children.
  const listening = await new Promise<string>((resolve) => {
    const p = spawn("ss", ["-Hltnp", `sport = :${PORT}`]);
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("close", () => resolve(out));
  });
  const appPid = Number(/pid=(\d+)/.exec(listening)?.[1]);
  if (!appPid) throw new Error(`No process found listening on :${PORT}.`);
  const cookie = await signIn("dba");
  const lead = await signIn("lead");
  const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  for (const t of ["load_t1", "load_t2"]) {
    await admin.query(`DROP DATABASE IF EXISTS ${e2eDb(t)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${e2eDb(t)}`);
  }
  await admin.end();

  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(await readFile(file))]), "sse-load.sqlite");
  const upload = await api<{ id: string }>(cookie, "POST", "/api/uploads", form);
  const runIds: string[] = [];
  for (const t of ["load_t1", "load_t2"]) {
    const source = await api<{ id: string }>(cookie, "POST", "/api/connections", {
      name: `load source ${t}`,
      engine: "sqlite",
      uploadId: upload.id,
    });
    const target = await api<{ id: string }>(cookie, "POST", "/api/connections", {
      name: `load target ${t}`,
      engine: "postgres",
      url: e2eDbUrl(t, "?sslmode=disable"),
    });
    const migration = await api<{ id: string }>(cookie, "POST", "/api/migrations", {
      name: `load ${t}`,
      sourceId: source.id,
      targetId: target.id,
    });
    // The lead approves the plan: no run starts without it.
    await api(lead, "POST", `/api/migrations/${migration.id}/approve`, {});
    runIds.push(migration.id);
  }
  const rssBefore = treeRssMiB(appPid);
  const since = Date.now();
  const runs = await Promise.all(
    runIds.map(
      async (migrationId) =>
        (await api<{ id: string }>(cookie, "POST", `/api/migrations/${migrationId}/runs`)).id,
    ),
  );
  const dashboards = Array.from({ length: DASHBOARDS }, (_, i) =>
    runs.map((r) => follow(cookie, r, since, i < DROPPING ? 8 : undefined)),
  );
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssMiB(appPid))), 200);
  const endedAll = await Promise.all(dashboards.flat().map((f) => f.ended));
  clearInterval(sampler);

  const stats = (followers: ReturnType<typeof follow>[]) => {
    const sorted = followers
      .flatMap((f) => f.received.map((r) => r.latencyMs))
      .filter((l): l is number => l !== null)
      .sort((a, b) => a - b);
    return {
      events: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? 0,
    };
  };
  // The reference for each run: a dashboard that was never cut off.
  const reference = runs.map((_, i) => dashboards.at(-1)![i]!.received.map((r) => r.id));
  let missed = 0;
  let duplicated = 0;
  dashboards.forEach((d) =>
    d.forEach((f, i) => {
      const ids = f.received.map((r) => r.id);
      const seen = new Set(ids);
      duplicated += ids.length - seen.size;
      missed += reference[i]!.filter((id) => !seen.has(id)).length;
    }),
  );
  const result = {
    dashboards: DASHBOARDS,
    runs: runs.length,
    streams: DASHBOARDS * runs.length,
    sourceRowsPerRun: rows,
    eventsDelivered: dashboards.flat().reduce((n, f) => n + f.received.length, 0),
    /** Publish (the event's own timestamp, set by the worker) → received, on connections that stayed up. */
    latencyMs: stats(dashboards.slice(DROPPING).flat()),
    /** The same for the dashboards that were cut off: includes the reconnection wait (retry: 2 s). */
    latencyWithReconnectMs: stats(dashboards.slice(0, DROPPING).flat()),
    appRssMiB: { beforeRuns: rssBefore, peak: rssPeak },
    droppedDashboards: DROPPING,
    reconnects: dashboards.flat().reduce((n, f) => n + f.reconnects, 0),
    eventsMissedAfterReconnect: missed,
    eventsDuplicated: duplicated,
    streamsThatSawTheFinalState: endedAll.filter(Boolean).length,
  };
  console.log(JSON.stringify(result, null, 2));
  if (missed || duplicated || endedAll.some((e) => !e) || result.reconnects < DROPPING * runs.length)
    process.exitCode = 1;
} finally {
  stop();
}
process.exit();
