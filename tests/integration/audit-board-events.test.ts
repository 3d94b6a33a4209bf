import { eq, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditPage } from "@/contracts/audit";
import { BoardRow } from "@/contracts/board";
import { GET as auditGet } from "@/app/api/audit/route";
import { GET as boardGet } from "@/app/api/board/route";
import { GET as boardEventsGet } from "@/app/api/board/events/route";
import { POST as testConnectionPost } from "@/app/api/connections/[connectionId]/test/route";
import { PATCH as migrationPatch } from "@/app/api/migrations/[migrationId]/route";
import { GET as migrationEventsGet } from "@/app/api/migrations/[migrationId]/events/route";
import { PATCH as itemPatch } from "@/app/api/migrations/[migrationId]/checklist/items/[itemId]/route";
import { POST as waivePost } from "@/app/api/migrations/[migrationId]/waivers/route";
import { POST as cancelPost } from "@/app/api/runs/[runId]/cancel/route";
import { GET as reportGet } from "@/app/api/runs/[runId]/report/route";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { preflightReports, users } from "@/server/db/schema";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

let dba: string;
let lead: string;
let auditor: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let sourceId: string;
let targetId: string;
let lastRunId: string;

type P = { migrationId: string };

async function audit(cookie: string, query: Record<string, string>) {
  const res = await call(auditGet, { cookie, path: `/api/audit?${new URLSearchParams(query).toString()}` });
  expect(res.status, await res.clone().text()).toBe(200);
  return AuditPage.parse(await res.json());
}

/** The database's own error message for a statement that must fail (drizzle wraps it in `cause`). */
async function refusal(statement: SQL): Promise<string> {
  try {
    await db().execute(statement);
  } catch (err) {
    return ((err as Error & { cause?: Error }).cause ?? (err as Error)).message;
  }
  throw new Error("the statement succeeded");
}

/** Reads an SSE body until `until` matches what has arrived, or gives up after `ms`. */
async function readUntil(body: ReadableStream<Uint8Array>, until: RegExp, ms = 10_000): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  try {
    while (!until.test(text) && Date.now() < deadline) {
      const next = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (!next || next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

beforeAll(async () => {
  dba = await signIn("dba");
  lead = await signIn("lead");
  auditor = await signIn("auditor");
  source = await freshDatabase("ferry_it_audit_source");
  target = await freshDatabase("ferry_it_audit_target");
  await withClient(source.url, (c) =>
    c.query(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
             INSERT INTO customers VALUES (1, 'Ada'), (2, '=HYPERLINK("http://evil")');`),
  );
  sourceId = await createConnection(dba, {
    name: "Audit source",
    engine: "postgres",
    url: `${source.url}?sslmode=disable`,
  });
  targetId = await createConnection(dba, {
    name: "Audit target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([source?.drop(), target?.drop()]);
});

describe("audit trail", () => {
  it("is append-only: PostgreSQL refuses an UPDATE and a DELETE of audit_events", async () => {
    await recordAudit(db(), { actor: null, action: "test.append-only", objectType: "test", objectId: "x" });
    const before = await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
    await expect(refusal(sql`UPDATE audit_events SET action = 'tampered'`)).resolves.toMatch(/append-only/);
    await expect(refusal(sql`DELETE FROM audit_events WHERE action = 'test.append-only'`)).resolves.toMatch(
      /append-only: DELETE/,
    );
    await expect(refusal(sql`TRUNCATE audit_events`)).resolves.toMatch(/append-only/);
    const after = await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it("records every action of the list, and the audit API finds each; a dba may not read it", async () => {
    const tested = await call(testConnectionPost, {
      method: "POST",
      cookie: dba,
      params: { connectionId: sourceId },
    });
    expect(tested.status, await tested.clone().text()).toBe(200);

    const migrationId = await createMigration(dba, { name: "Audit journey", sourceId, targetId });
    const edited = await call<P>(migrationPatch, {
      method: "PATCH",
      cookie: dba,
      json: { name: "Audit journey (edited)" },
      params: { migrationId },
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    const ticked = await call(itemPatch, {
      method: "PATCH",
      cookie: dba,
      json: { action: "tick", note: "Announced in the team channel." },
      params: { migrationId, itemId: "downtime-announced" },
    });
    expect(ticked.status, await ticked.clone().text()).toBe(200);

    // A finished preflight with one warning, so that a lead has something to waive.
    const [dbaUser] = await db().select().from(users).where(eq(users.email, "dba@ferry.test"));
    await db()
      .insert(preflightReports)
      .values({
        migrationId,
        status: "finished",
        createdBy: dbaUser!.id,
        finishedAt: new Date(),
        checks: [
          {
            id: "disk-space",
            title: "Disk space",
            verdict: "warn",
            evidence: "1.1× the data",
            remedy: "Free space.",
          },
        ],
        summary: { pass: 0, warn: 1, fail: 0, notApplicable: [] },
      });
    const waived = await call<P>(waivePost, {
      method: "POST",
      cookie: lead,
      json: { checkId: "disk-space", reason: "The volume grows on demand." },
      params: { migrationId },
    });
    expect(waived.status, await waived.clone().text()).toBe(201);

    const runId = await startRun(dba, migrationId); // approves as the test lead first
    const run = await waitForRun(dba, runId, { output: worker.output });
    expect(run.status).toBe("succeeded");
    const report = await call(reportGet, {
      cookie: auditor,
      path: `/api/runs/${runId}/report?format=csv`,
      params: { runId },
    });
    expect(report.status, await report.clone().text()).toBe(200);
    await report.body?.cancel();

    const second = await startRun(dba, migrationId);
    lastRunId = second;
    const cancelled = await call(cancelPost, { method: "POST", cookie: dba, params: { runId: second } });
    expect(cancelled.status, await cancelled.clone().text()).toBe(202);
    await waitForRun(dba, second, { output: worker.output });

    const expected: [action: string, objectId: string][] = [
      ["connection.create", sourceId],
      ["connection.test", sourceId],
      ["migration.create", migrationId],
      ["migration.update", migrationId],
      ["checklist.item", migrationId],
      ["preflight.waive", migrationId],
      ["migration.approve", migrationId],
      ["run.start", runId],
      ["report.download", runId],
      ["run.cancel", second],
    ];
    for (const [action, objectId] of expected) {
      const page = await audit(auditor, { action, objectId });
      expect(page.total, `${action} on ${objectId}`).toBeGreaterThanOrEqual(1);
      expect(page.events[0]).toMatchObject({ action, objectId });
      expect(page.events[0]!.actor).toMatch(/@ferry\.test$/);
    }
    const byLead = await audit(lead, { actor: "lead@", objectId: migrationId });
    expect(byLead.events.map((e) => e.action).sort()).toEqual(["migration.approve", "preflight.waive"]);
    const paged = await audit(auditor, { objectType: "migration", objectId: migrationId, pageSize: "2" });
    expect(paged.events).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(2);
    const future = await audit(auditor, { from: "2999-01-01" });
    expect(future.total).toBe(0);

    const refused = await call(auditGet, { cookie: dba, path: "/api/audit" });
    expect(refused.status).toBe(403);
  });

  it("exports the filtered trail as RFC 4180 CSV with formula-looking cells defused, and audits the export", async () => {
    await recordAudit(db(), {
      actor: null,
      action: "test.csv",
      objectType: "test",
      objectId: '=cmd|" /C calc"!A0',
      details: { note: 'a "quoted", multi\nline value' },
    });
    const res = await call(auditGet, { cookie: auditor, path: "/api/audit?format=csv&action=test.csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="ferry-audit-/);
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,object_type,object_id,details");
    expect(text).toContain(`,ferry,test.csv,test,"'=cmd|"" /C calc""!A0",`);
    expect(text).toContain(`"{""note"":""a \\""quoted\\"", multi\\nline value""}"`);
    expect((await audit(auditor, { action: "audit.export" })).events[0]).toMatchObject({
      actor: "auditor@ferry.test",
      details: { action: "test.csv" },
    });
  });
});

describe("live events", () => {
  it("a checklist change is an SSE event on /api/migrations/{id}/events and on /api/board/events", async () => {
    const migrationId = await createMigration(dba, { name: "Audit live", sourceId, targetId });
    const stream = await call<P>(migrationEventsGet, {
      cookie: auditor,
      path: `/api/migrations/${migrationId}/events`,
      params: { migrationId },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    const board = await call(boardEventsGet, { cookie: lead, path: "/api/board/events" });
    expect(board.status).toBe(200);
    const seen = readUntil(stream.body!, /checklist\.changed/);
    const seenOnBoard = readUntil(board.body!, new RegExp(`${migrationId}.*checklist\\.changed`));
    await new Promise((r) => setTimeout(r, 300)); // both readers are blocked in XREAD now
    const ticked = await call(itemPatch, {
      method: "PATCH",
      cookie: dba,
      json: { action: "tick", note: "Told everyone." },
      params: { migrationId, itemId: "downtime-announced" },
    });
    expect(ticked.status).toBe(200);
    expect(await seen).toMatch(/id: \d+-\d+\ndata: \{"type":"checklist\.changed","at":"[^"]+"\}\n\n/);
    expect(await seenOnBoard).toContain(`"migrationId":"${migrationId}"`);
  });
});

describe("board", () => {
  it("lists every migration with its runbook phase, completion, preflight, approval and last run", async () => {
    const res = await call(boardGet, { cookie: lead, path: "/api/board" });
    expect(res.status).toBe(200);
    const rows = BoardRow.array().parse(await res.json());
    const journey = rows.find((r) => r.name === "Audit journey (edited)")!;
    expect(journey).toMatchObject({
      templateId: "comprehensive",
      phase: "Prepare",
      preflight: { status: "finished", fail: 0, warn: 1 },
      approval: "approved",
      lastRun: { id: lastRunId },
    });
    expect(journey.checklist.total).toBeGreaterThan(journey.checklist.complete);
    expect(journey.checklist.complete).toBeGreaterThanOrEqual(1);
    const live = rows.find((r) => r.name === "Audit live")!;
    expect(live).toMatchObject({ approval: "waiting", preflight: null, lastRun: null, phase: "Prepare" });
  });
});
