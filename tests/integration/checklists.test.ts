import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChecklistView } from "@/contracts/checklists";
import { PreflightReport } from "@/contracts/preflight";
import { ReportV1 } from "@/contracts/reports";
import { PATCH as migrationPatch } from "@/app/api/migrations/[migrationId]/route";
import { GET as checklistGet } from "@/app/api/migrations/[migrationId]/checklist/route";
import { PUT as templatePut } from "@/app/api/migrations/[migrationId]/checklist/template/route";
import { PATCH as itemPatch } from "@/app/api/migrations/[migrationId]/checklist/items/[itemId]/route";
import { POST as approvePost } from "@/app/api/migrations/[migrationId]/approve/route";
import { POST as revokePost } from "@/app/api/migrations/[migrationId]/revoke/route";
import { POST as waivePost } from "@/app/api/migrations/[migrationId]/waivers/route";
import { POST as startRunRoute } from "@/app/api/migrations/[migrationId]/runs/route";
import {
  GET as preflightGet,
  POST as preflightPost,
} from "@/app/api/migrations/[migrationId]/preflight/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { listChecklistSummaries } from "@/server/checklists/list-checklist-summaries";
import { db } from "@/server/db/client";
import { auditEvents, runs, users } from "@/server/db/schema";
import { enqueueRun } from "@/server/queue/jobs";
import { and, eq } from "drizzle-orm";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, createMigration, uploadFile, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

let dba: string;
let lead: string;
let admin: string;
let auditor: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];
let sourceId: string;

type P = { migrationId: string };

async function checklist(migrationId: string, cookie = auditor): Promise<ChecklistView> {
  const res = await call<P>(checklistGet, { cookie, params: { migrationId } });
  expect(res.status, await res.clone().text()).toBe(200);
  return ChecklistView.parse(await res.json());
}

const item = (view: ChecklistView, id: string) => view.items.find((i) => i.id === id)!;

const patchItem = (cookie: string, migrationId: string, itemId: string, json: unknown) =>
  call(itemPatch, { method: "PATCH", cookie, json, params: { migrationId, itemId } });

const approve = (cookie: string, migrationId: string, json: unknown = {}) =>
  call<P>(approvePost, { method: "POST", cookie, json, params: { migrationId } });

const startRun = (cookie: string, migrationId: string) =>
  call<P>(startRunRoute, { method: "POST", cookie, params: { migrationId } });

async function preflight(migrationId: string): Promise<PreflightReport> {
  const started = await call<P>(preflightPost, { method: "POST", cookie: dba, params: { migrationId } });
  expect(started.status, await started.clone().text()).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const report = PreflightReport.parse(
      await (await call<P>(preflightGet, { cookie: dba, params: { migrationId } })).json(),
    );
    if (report.status === "finished") return report;
    if (report.status === "failed" || Date.now() > deadline)
      throw new Error(`preflight ${report.status}: ${report.error}\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function pgMigration(name: string, cookie = dba): Promise<{ migrationId: string; targetUrl: string }> {
  const target = await freshDatabase(`ferry_it_cl_${name}`);
  targets.push(target);
  const targetId = await createConnection(dba, {
    name: `CL ${name}`,
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  return { migrationId: await createMigration(cookie, { name, sourceId, targetId }), targetUrl: target.url };
}

beforeAll(async () => {
  dba = await signIn("dba");
  lead = await signIn("lead");
  admin = await signIn("admin");
  auditor = await signIn("auditor");
  source = await freshDatabase("ferry_it_cl_source");
  await withClient(source.url, (c) =>
    c.query(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
             CREATE TABLE events (at timestamptz NOT NULL, note text);
             INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
             INSERT INTO events VALUES ('2026-01-01', 'signed up');`),
  );
  sourceId = await createConnection(dba, {
    name: "CL source",
    engine: "postgres",
    url: `${source.url}?sslmode=disable`,
  });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([source?.drop(), ...targets.map((t) => t.drop())]);
});

describe("checklist templates", () => {
  it("chooses each of the four runbooks from the engines and the target's host; a DBA may change it", async () => {
    const localTarget = await createConnection(dba, {
      name: "CL local target",
      engine: "postgres",
      url: "postgres://postgres@127.0.0.1:5432/ferry_it_cl_never?sslmode=disable",
    });
    const azureTarget = await createConnection(dba, {
      name: "CL Azure target",
      engine: "postgres",
      url: "postgres://ferry@shop.postgres.database.azure.com:5432/shop?sslmode=require",
    });
    const sqlite = await uploadFile(dba, "fixtures/chinook/Chinook_Sqlite.sqlite");
    const sqliteId = await createConnection(dba, {
      name: "CL Chinook",
      engine: "sqlite",
      uploadId: sqlite.id,
    });
    const access = await uploadFile(dba, path.join("fixtures/access", "testV1997.mdb"));
    const accessId = await createConnection(dba, {
      name: "CL Access",
      engine: "access",
      uploadId: access.id,
      encoding: "auto",
    });
    const mssqlId = await createConnection(dba, {
      name: "CL MSSQL",
      engine: "mssql",
      host: "127.0.0.1",
      database: "Sales",
      user: "ferry",
      password: "not-used",
      trustServerCertificate: true,
    });
    const cases: [string, string, string][] = [
      [sourceId, localTarget, "comprehensive"],
      [sourceId, azureTarget, "cloud-move"],
      [sqliteId, localTarget, "app-db"],
      [accessId, localTarget, "legacy-file"],
      [mssqlId, localTarget, "legacy-file"],
    ];
    for (const [src, tgt, expected] of cases) {
      const migrationId = await createMigration(dba, {
        name: `CL ${expected}`,
        sourceId: src,
        targetId: tgt,
      });
      const view = await checklist(migrationId);
      expect(view.template, expected).toMatchObject({ id: expected, requiresApproval: true, chosenBy: null });
      expect(view.approval.status).toBe("pending");
      expect(view.startBlockedReason).toBe("A lead must approve this migration's plan before it can run.");
      expect(view.progress.done).toBe(0);
      expect(view.items.every((i) => view.phases.includes(i.phase))).toBe(true);
      if (expected === "legacy-file") expect(view.phases).toEqual(["D-7", "D-Day", "D+1…D+7"]);
    }

    const migrationId = await createMigration(dba, { name: "CL switch", sourceId, targetId: localTarget });
    const res = await call<P>(templatePut, {
      method: "PUT",
      cookie: dba,
      json: { templateId: "cloud-move" },
      params: { migrationId },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const view = ChecklistView.parse(await res.json());
    expect(view.template).toMatchObject({ id: "cloud-move", chosenBy: "dba@ferry.test" });
    expect(view.items.some((i) => i.id === "rollback-dump")).toBe(true);
    const refused = await call<P>(templatePut, {
      method: "PUT",
      cookie: lead,
      json: { templateId: "app-db" },
      params: { migrationId },
    });
    expect(refused.status).toBe(403);
  });
});

describe("checklist items", () => {
  it("a DBA ticks a manual item with a note; N/A needs a reason; automatic items are not ticked by hand", async () => {
    const { migrationId } = await pgMigration("manual");
    const noNote = await patchItem(dba, migrationId, "downtime-announced", { action: "tick" });
    expect(noNote.status).toBe(400);
    const ticked = await patchItem(dba, migrationId, "downtime-announced", {
      action: "tick",
      note: "Mailed all users on 2026-11-20; banner on the login page.",
    });
    expect(ticked.status, await ticked.clone().text()).toBe(200);
    let view = ChecklistView.parse(await ticked.json());
    expect(item(view, "downtime-announced")).toMatchObject({
      kind: "manual",
      state: "done",
      by: "dba@ferry.test",
      note: "Mailed all users on 2026-11-20; banner on the login page.",
    });
    expect(item(view, "downtime-announced").at).not.toBeNull();

    for (const json of [{ action: "na" }, { action: "na", reason: "   " }]) {
      const res = await patchItem(dba, migrationId, "roles", json);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain(
        "Say why this item does not apply.",
      );
    }
    const na = await patchItem(dba, migrationId, "roles", {
      action: "na",
      reason: "No owners or grants carried.",
    });
    expect(na.status).toBe(200);
    const auto = await patchItem(dba, migrationId, "schema", { action: "tick", note: "done it myself" });
    expect(auto.status).toBe(400);
    expect(((await auto.json()) as { detail: string }).detail).toContain("is ticked by Ferry from a run");
    expect(
      (await patchItem(auditor, migrationId, "functional-test", { action: "tick", note: "x" })).status,
    ).toBe(403);
    expect((await patchItem(dba, migrationId, "no-such-item", { action: "tick", note: "x" })).status).toBe(
      404,
    );
    await patchItem(dba, migrationId, "downtime-announced", { action: "untick", note: "Date moved." });

    view = await checklist(migrationId);
    expect(item(view, "roles")).toMatchObject({ state: "na", note: "No owners or grants carried." });
    expect(item(view, "downtime-announced").state).toBe("open");
    expect(item(view, "downtime-announced").history.map((h) => [h.state, h.by, h.note])).toEqual([
      ["open", "dba@ferry.test", "Date moved."],
      ["done", "dba@ferry.test", "Mailed all users on 2026-11-20; banner on the login page."],
    ]);
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, migrationId), eq(auditEvents.action, "checklist.item")));
    expect(audit.map((a) => a.details.item).sort()).toEqual([
      "downtime-announced",
      "downtime-announced",
      "roles",
    ]);
  });
});

describe("approval gate", () => {
  it("refuses the author and other roles, lets a lead approve so the run starts, and voids on a plan change", async () => {
    // An admin authors it: admins may approve, but never their own migration.
    const { migrationId } = await pgMigration("gate", admin);
    const own = await approve(admin, migrationId);
    expect(own.status).toBe(403);
    expect(((await own.json()) as { detail: string }).detail).toBe(
      "You created this migration, so you cannot approve it: another lead must.",
    );
    const byDba = await approve(dba, migrationId);
    expect(byDba.status).toBe(403);
    expect(((await byDba.json()) as { detail: string }).detail).toContain("Your role (dba) may not do this");

    const early = await startRun(dba, migrationId);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      code: "approval_required",
      detail: "A lead must approve this migration's plan before it can run.",
    });

    const ok = await approve(lead, migrationId, { note: "Reviewed the table list." });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const approved = ChecklistView.parse(await ok.json());
    expect(approved.approval).toMatchObject({
      status: "approved",
      current: { approvedBy: "lead@ferry.test" },
    });
    expect(approved.startBlockedReason).toBeNull();
    expect((await approve(lead, migrationId)).status).toBe(409);

    const started = await startRun(dba, migrationId);
    expect(started.status, await started.clone().text()).toBe(201);
    const { id: runId } = (await started.json()) as { id: string };
    const run = await waitForRun(dba, runId, { output: worker.output });
    expect(run.status, run.error ?? "").toBe("succeeded");

    const after = await checklist(migrationId);
    for (const id of ["schema", "data", "post-data", "verified"]) {
      expect(item(after, id), id).toMatchObject({ state: "done", by: null });
      expect(item(after, id).evidence).toContain(`Run ${runId}`);
    }
    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie: auditor, params: { runId } })).json(),
    );
    expect(report.approvals).toMatchObject([
      {
        approvedBy: "lead@ferry.test",
        note: "Reviewed the table list.",
        matchesRunPlan: true,
        revokedAt: null,
      },
    ]);
    expect(report.checklist.find((i) => i.id === "verified")).toMatchObject({ state: "done" });

    const patched = await call<P>(migrationPatch, {
      method: "PATCH",
      cookie: dba,
      json: { options: { batchSize: 5000 }, tables: ["customers"] },
      params: { migrationId },
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const voided = await checklist(migrationId);
    expect(voided.approval.status).toBe("void");
    expect(voided.startBlockedReason).toMatch(
      /^The plan changed after lead@ferry\.test approved it on .* UTC; a lead must approve the current plan before it can run\.$/,
    );
    const refused = await startRun(dba, migrationId);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain("The plan changed after");

    // Approve the new plan, then revoke it: a revoked approval blocks like none.
    expect((await approve(lead, migrationId)).status).toBe(200);
    const revoked = await call<P>(revokePost, {
      method: "POST",
      cookie: lead,
      json: { reason: "The target's maintenance window moved." },
      params: { migrationId },
    });
    expect(revoked.status).toBe(200);
    expect(ChecklistView.parse(await revoked.json()).startBlockedReason).toContain(
      "revoked the approval (The target's maintenance window moved.)",
    );
    expect((await startRun(dba, migrationId)).status).toBe(409);
    const actions = (
      await db()
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.objectId, migrationId))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["migration.approve", "migration.update", "migration.revoke-approval"]),
    );

    const board = (await listChecklistSummaries()).find((s) => s.migrationId === migrationId)!;
    expect(board).toMatchObject({ templateId: "comprehensive", requiresApproval: true, approved: false });
    expect(board.complete).toBeGreaterThanOrEqual(4);
  });

  it("a run of an unapproved plan that reaches the queue anyway is refused by the worker before it writes", async () => {
    const { migrationId, targetUrl } = await pgMigration("bypass");
    const [user] = await db().select({ id: users.id }).from(users).where(eq(users.email, "dba@ferry.test"));
    const [row] = await db()
      .insert(runs)
      .values({ migrationId, status: "queued", createdBy: user!.id })
      .returning({ id: runs.id });
    await enqueueRun({ runId: row!.id });
    const run = await waitForRun(dba, row!.id, { output: worker.output });
    expect(run.status).toBe("failed");
    expect(run.error).toBe(
      "Refused before writing anything: A lead must approve this migration's plan before it can run.",
    );
    const tables = await withClient(targetUrl, (c) =>
      c.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'"),
    );
    expect(tables.rowCount).toBe(0);
  });
});

describe("preflight evidence and waivers", () => {
  it("ticks automatic items from a preflight with its evidence; a lead's waiver clears a warning and is reported", async () => {
    const { migrationId } = await pgMigration("waiver");
    const report = await preflight(migrationId);
    expect(report.checks.find((c) => c.id === "primary-keys")?.verdict).toBe("warn");

    let view = await checklist(migrationId);
    expect(item(view, "source-read")).toMatchObject({ kind: "auto", state: "done", by: null });
    expect(item(view, "source-read").evidence).toContain("may SELECT from all 2 table(s)");
    expect(item(view, "source-read").history).toHaveLength(1);
    expect(item(view, "plan-clean").state).toBe("warn");
    expect(item(view, "plan-clean").evidence).toContain("1 table(s) have no primary key: public.events.");

    const byDba = await call<P>(waivePost, {
      method: "POST",
      cookie: dba,
      json: { checkId: "primary-keys", reason: "Small table" },
      params: { migrationId },
    });
    expect(byDba.status).toBe(403);
    const noReason = await call<P>(waivePost, {
      method: "POST",
      cookie: lead,
      json: { checkId: "primary-keys", reason: "" },
      params: { migrationId },
    });
    expect(noReason.status).toBe(400);
    const passed = await call<P>(waivePost, {
      method: "POST",
      cookie: lead,
      json: { checkId: "source-connect", reason: "why not" },
      params: { migrationId },
    });
    expect(passed.status).toBe(400);
    const waived = await call<P>(waivePost, {
      method: "POST",
      cookie: lead,
      json: {
        checkId: "primary-keys",
        reason: "events is an append-only log of 1 row; copying it whole is fine.",
      },
      params: { migrationId },
    });
    expect(waived.status, await waived.clone().text()).toBe(201);
    view = ChecklistView.parse(await waived.json());
    expect(item(view, "plan-clean").state).toBe("done");
    expect(item(view, "plan-clean").evidence).toContain("waived by lead@ferry.test");
    expect(view.waivers).toMatchObject([{ checkId: "primary-keys", waivedBy: "lead@ferry.test" }]);

    expect((await approve(lead, migrationId)).status).toBe(200);
    const started = await startRun(dba, migrationId);
    expect(started.status).toBe(201);
    const { id: runId } = (await started.json()) as { id: string };
    const run = await waitForRun(dba, runId, { output: worker.output });
    expect(run.status, run.error ?? "").toBe("succeeded");
    const body = ReportV1.parse(
      await (await call(reportRoute, { cookie: auditor, params: { runId } })).json(),
    );
    expect(body.waivers).toEqual([
      expect.objectContaining({
        checkId: "primary-keys",
        reason: "events is an append-only log of 1 row; copying it whole is fine.",
        waivedBy: "lead@ferry.test",
      }),
    ]);
    expect(body.checklist.find((i) => i.id === "source-read")).toMatchObject({ state: "done", by: null });
    expect(body.checklist.find((i) => i.id === "plan-clean")).toMatchObject({ state: "done" });
  });
});
