import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import { ConnectionView } from "@/contracts/connections";
import { RunSnapshot } from "@/contracts/runs";
import { POST as createConnectionRoute } from "@/app/api/connections/route";
import { POST as createMigrationRoute } from "@/app/api/migrations/route";
import { POST as approveRoute } from "@/app/api/migrations/[migrationId]/approve/route";
import { POST as startRunRoute } from "@/app/api/migrations/[migrationId]/runs/route";
import { GET as runRoute } from "@/app/api/runs/[runId]/route";
import { POST as uploadRoute } from "@/app/api/uploads/route";
import { call, signIn } from "./api";

/** How long to wait for a run, how often to look, and the worker's output for the timeout error. */
export type WaitOptions = { timeoutMs?: number; intervalMs?: number; output?: () => string };

/** Asserts a 201 (the response text is the message) and returns the body. */
async function created<T>(res: Response): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as T;
}

/** A file to upload: its path (sent under its base name unless named), or its bytes and a name. */
export type UploadArgs = [path: string, name?: string] | [bytes: Uint8Array, name: string];

/** POST /api/uploads; the raw response, for tests of what is refused. */
export async function upload(cookie: string, ...[file, name]: UploadArgs): Promise<Response> {
  const bytes = typeof file === "string" ? await readFile(file) : file;
  const form = new FormData();
  form.append(
    "file",
    new Blob([new Uint8Array(bytes)]),
    name ?? (typeof file === "string" ? path.basename(file) : "upload"),
  );
  return call(uploadRoute, { method: "POST", cookie, body: form });
}

/** Uploads a file and asserts 201; the upload's id and the kind of file Ferry took it for. */
export async function uploadFile(cookie: string, ...args: UploadArgs): Promise<{ id: string; kind: string }> {
  return created(await upload(cookie, ...args));
}

/** POST /api/connections, asserting 201; the connection as the route returned it. */
export async function createConnectionView(cookie: string, json: unknown): Promise<ConnectionView> {
  return ConnectionView.parse(
    await created(await call(createConnectionRoute, { method: "POST", cookie, json })),
  );
}

/** POST /api/connections, asserting 201; the new connection's id. */
export async function createConnection(cookie: string, json: unknown): Promise<string> {
  return (await created<{ id: string }>(await call(createConnectionRoute, { method: "POST", cookie, json })))
    .id;
}

/** POST /api/migrations, asserting 201; the new migration's id. */
export async function createMigration(cookie: string, json: unknown): Promise<string> {
  return (await created<{ id: string }>(await call(createMigrationRoute, { method: "POST", cookie, json })))
    .id;
}

/** A lead who authored nothing: approves plans so that tests can start runs. */
export const leadCookie = () => signIn("lead", "lead@ferry.test");

/** POST /api/migrations/{id}/approve as the test lead; 409 (already approved) is fine. */
export async function approveAsLead(migrationId: string): Promise<void> {
  const res = await call(approveRoute, {
    method: "POST",
    cookie: await leadCookie(),
    params: { migrationId },
  });
  if (res.status !== 200 && res.status !== 409) throw new Error(`approve: ${res.status} ${await res.text()}`);
}

/** Has the test lead approve the plan, then POST /api/migrations/{id}/runs, asserting 201; the new run's id. */
export async function startRun(cookie: string, migrationId: string): Promise<string> {
  await approveAsLead(migrationId);
  const res = await call(startRunRoute, { method: "POST", cookie, params: { migrationId } });
  return (await created<{ id: string }>(res)).id;
}

/** GET /api/runs/{id}, parsed. */
export async function getRun(cookie: string, runId: string): Promise<RunSnapshot> {
  return RunSnapshot.parse(await (await call(runRoute, { cookie, params: { runId } })).json());
}

/** Polls the run until it has succeeded, failed or been cancelled; throws with the worker's output at the deadline. */
export async function waitForRun(
  cookie: string,
  runId: string,
  { timeoutMs = 60_000, intervalMs = 200, output }: WaitOptions = {},
): Promise<RunSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snap = await getRun(cookie, runId);
    if (["succeeded", "failed", "cancelled"].includes(snap.status)) return snap;
    if (Date.now() > deadline)
      throw new Error(`run did not finish: ${JSON.stringify(snap)}\n${output?.() ?? "(no worker output)"}`);
    await new Promise((res) => setTimeout(res, intervalMs));
  }
}

/** Creates the migration, starts a run and waits for it to end. */
export async function migrateAndWait(
  cookie: string,
  json: unknown,
  opts?: WaitOptions,
): Promise<RunSnapshot> {
  return waitForRun(cookie, await startRun(cookie, await createMigration(cookie, json)), opts);
}
