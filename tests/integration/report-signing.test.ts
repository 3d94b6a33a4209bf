import { spawnSync } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportList, ReportSignature, ReportV1, SigningKeys, VerifyResult } from "@/contracts/reports";
import { GET as reportListRoute } from "@/app/api/reports/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { GET as signatureRoute } from "@/app/api/runs/[runId]/report/signature/route";
import { POST as verifyRoute } from "@/app/api/reports/verify/route";
import { GET as signingKeyRoute } from "@/app/api/signing-key/route";
import { POST as rotateRoute } from "@/app/api/signing-key/rotate/route";
import { db } from "@/server/db/client";
import { auditEvents, reports } from "@/server/db/schema";
import { call, signIn } from "../setup/api";
import { freshDatabase } from "../setup/databases";
import { createConnection, migrateAndWait, uploadFile } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const CHINOOK = "fixtures/chinook/Chinook_Sqlite.sqlite";
const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

let dba: string;
let auditor: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let runId: string;
let tmp: string;

const download = (format?: string) =>
  call(reportRoute, {
    cookie: auditor,
    path: `/api/runs/${runId}/report${format ? `?format=${format}` : ""}`,
    params: { runId },
  });

const keys = async () =>
  SigningKeys.parse(
    await (await call(signingKeyRoute, { cookie: auditor, path: "/api/signing-key" })).json(),
  );

const verifyJson = async (report: string, signature: string) =>
  VerifyResult.parse(
    await (await call(verifyRoute, { method: "POST", cookie: auditor, json: { report, signature } })).json(),
  );

beforeAll(async () => {
  dba = await signIn("dba");
  auditor = await signIn("auditor");
  target = await freshDatabase("ferry_it_sig_target");
  worker = await startWorker();
  tmp = await mkdtemp(path.join(tmpdir(), "ferry-sig-"));
  const sourceId = await createConnection(dba, {
    name: "Chinook",
    engine: "sqlite",
    uploadId: (await uploadFile(dba, CHINOOK)).id,
  });
  const targetId = await createConnection(dba, {
    name: "Target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
  const run = await migrateAndWait(
    dba,
    { sourceId, targetId, name: "Chinook signed", options: { ifTargetExists: "fail" } },
    { output: worker.output },
  );
  expect(run.status, run.error ?? "").toBe("succeeded");
  runId = run.id;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await target?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("signed reports", () => {
  it("serves the stored JSON with its SHA-256 and an Ed25519 signature that verifies with the published key", async () => {
    const res = await download();
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const sha = res.headers.get("x-ferry-report-sha256");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(sha);
    const [row] = await db().select().from(reports).where(eq(reports.runId, runId));
    expect(row!.sha256).toBe(sha);
    expect(row!.signature).toBe(res.headers.get("x-ferry-signature"));
    expect(row!.keyId).toBe(res.headers.get("x-ferry-key-id"));
    expect(ReportV1.parse(JSON.parse(bytes.toString())).ok).toBe(true);

    const { current } = await keys();
    expect(current.keyId).toBe(res.headers.get("x-ferry-key-id"));
    const signature = Buffer.from(res.headers.get("x-ferry-signature")!, "base64");
    expect(verify(null, bytes, createPublicKey(current.publicKeyPem), signature)).toBe(true);

    const sig = ReportSignature.parse(
      await (await call(signatureRoute, { cookie: auditor, params: { runId } })).json(),
    );
    expect(sig).toEqual({
      sha256: sha,
      signature: signature.toString("base64"),
      keyId: current.keyId,
      algorithm: "Ed25519",
    });
  });

  it("says valid for the report as downloaded and invalid when one byte is flipped", async () => {
    const res = await download();
    const json = await res.text();
    const signature = res.headers.get("x-ferry-signature")!;
    const good = await verifyJson(json, signature);
    expect(good).toMatchObject({ valid: true, keyId: res.headers.get("x-ferry-key-id") });
    expect(good.sha256).toBe(res.headers.get("x-ferry-report-sha256"));

    const i = json.indexOf('"sourceRows":') + '"sourceRows":'.length;
    const flipped = json.slice(0, i) + (json[i] === "9" ? "8" : "9") + json.slice(i + 1);
    expect(flipped.length).toBe(json.length);
    const bad = await verifyJson(flipped, signature);
    expect(bad.valid).toBe(false);
    expect(bad.reason).toMatch(/changed/);

    // Multipart, as the Verify page sends it, with the signature as a raw 64-byte file (what openssl writes).
    const form = new FormData();
    form.append("report", new Blob([json]), "report.json");
    form.append("signature", new Blob([Buffer.from(signature, "base64")]), "report.sig");
    const viaForm = VerifyResult.parse(
      await (await call(verifyRoute, { method: "POST", cookie: auditor, body: form })).json(),
    );
    expect(viaForm.valid).toBe(true);
  });

  it("renders CSV with one row per table, check, checklist item, approval and waiver, RFC 4180 quoted", async () => {
    const report = ReportV1.parse(await (await download()).json());
    const res = await download("csv");
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("x-ferry-signature")).toBeTruthy();
    const lines = (await res.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(
      "kind,name,target_name,source_rows,target_rows,source_checksum,target_checksum,method,match,rejected_rows,ok,detail,missing_rows,extra_rows,changed_rows,difference,key,column,source_value,target_value",
    );
    const tables = lines.filter((l) => l.startsWith("table,"));
    const checks = lines.filter((l) => l.startsWith("check,"));
    expect(tables).toHaveLength(report.tables.length);
    expect(checks).toHaveLength(report.checks.length);
    expect(lines.filter((l) => l.startsWith("checklist,"))).toHaveLength(report.checklist.length);
    expect(lines.filter((l) => l.startsWith("approval,lead@ferry.test,"))).toHaveLength(1);
    expect(lines).toHaveLength(
      1 +
        report.tables.length +
        report.checks.length +
        report.checklist.length +
        report.approvals.length +
        report.waivers.length,
    );
    expect(tables.some((l) => l.startsWith("table,PlaylistTrack,public.PlaylistTrack,8715,8715,"))).toBe(
      true,
    );
  });

  it("renders a PDF that reads back with the verdict, a table name, the checklist, the approval and the signature", async () => {
    const res = await download("pdf");
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (!has("pdftotext")) {
      console.warn("pdftotext (poppler-utils) is missing: the PDF's text is not checked.");
      return;
    }
    const file = path.join(tmp, "report.pdf");
    await writeFile(file, pdf);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain("VERIFIED");
    expect(text).not.toContain("NOT VERIFIED");
    expect(text).toContain("PlaylistTrack");
    // The checklist as the run ended, and the lead's approval of this run's plan.
    expect(text).toMatch(/Checklist \(\d+ of \d+ done or not applicable\)/);
    expect(text).toContain("Approvals and waivers");
    expect(text).toContain("lead@ferry.test");
    expect(text).toContain("(this run's plan)");
    expect(text).toContain(res.headers.get("x-ferry-report-sha256")!);
    expect(text).toContain(res.headers.get("x-ferry-key-id")!);
  });

  it("verifies with the README's openssl command", async () => {
    if (!has("openssl")) {
      console.warn("openssl is missing: the README's offline verification command is not checked.");
      return;
    }
    const res = await download();
    await writeFile(path.join(tmp, "report.json"), Buffer.from(await res.arrayBuffer()));
    await writeFile(
      path.join(tmp, "report.sig"),
      Buffer.from(res.headers.get("x-ferry-signature")!, "base64"),
    );
    const pem = await call(signingKeyRoute, { cookie: auditor, path: "/api/signing-key?format=pem" });
    await writeFile(path.join(tmp, "ferry-signing.pem"), await pem.text());
    const args = "pkeyutl -verify -pubin -inkey ferry-signing.pem -rawin -in report.json -sigfile report.sig";
    const ok = spawnSync("openssl", args.split(" "), { cwd: tmp, encoding: "utf8" });
    expect(ok.stdout + ok.stderr).toContain("Signature Verified Successfully");
    expect(ok.status).toBe(0);

    await writeFile(
      path.join(tmp, "report.json"),
      (await (await download()).text()).replace('"ok":true', '"ok":false'),
    );
    const bad = spawnSync("openssl", args.split(" "), { cwd: tmp, encoding: "utf8" });
    expect(bad.status).not.toBe(0);
  });

  it("signs a report stored before signing existed on its first download, with the same bytes", async () => {
    const before = await download();
    const json = await before.text();
    await db().update(reports).set({ signature: null, keyId: null }).where(eq(reports.runId, runId));
    const after = await download();
    expect(await after.text()).toBe(json);
    expect(after.headers.get("x-ferry-signature")).toBe(before.headers.get("x-ferry-signature"));
    const [row] = await db().select().from(reports).where(eq(reports.runId, runId));
    expect(row!.signature).toBe(before.headers.get("x-ferry-signature"));
  });

  it("lists the report for auditors with its verdict, filtered by name, verdict and date", async () => {
    const list = async (query: string) =>
      ReportList.parse(
        await (await call(reportListRoute, { cookie: auditor, path: `/api/reports?${query}` })).json(),
      );
    const all = await list("q=chinook+signed");
    expect(all.reports).toHaveLength(1);
    expect(all.reports[0]).toMatchObject({
      runId,
      migrationName: "Chinook signed",
      sourceEngine: "sqlite",
      ok: true,
      tables: 11,
      tablesMatching: 11,
      sourceRows: 15_607,
    });
    expect((await list("q=chinook+signed&verdict=failed")).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`q=chinook+signed&from=${today}&to=${today}`)).total).toBe(1);
    expect((await list("q=chinook+signed&to=2000-01-01")).total).toBe(0);
    // A LIKE wildcard in the search is taken literally.
    expect((await list("q=%25")).total).toBe(0);
    const bad = await call(reportListRoute, { cookie: auditor, path: "/api/reports?from=yesterday" });
    expect(bad.status).toBe(400);
  });

  it("audited every download with who, which run and which format", async () => {
    const rows = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "report.download"), eq(auditEvents.objectId, runId)));
    const formats = rows.map((r) => (r.details as { format: string }).format);
    expect(formats.filter((f) => f === "csv")).toHaveLength(1);
    expect(formats.filter((f) => f === "pdf")).toHaveLength(1);
    expect(formats.filter((f) => f === "json").length).toBeGreaterThanOrEqual(6);
    expect(rows.every((r) => r.actorEmail === "auditor@ferry.test")).toBe(true);
    const sig = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "report.signature"), eq(auditEvents.objectId, runId)));
    expect(sig).toHaveLength(1);
  });

  it("keeps verifying old reports after the key is rotated; only an admin may rotate", async () => {
    const res = await download();
    const json = await res.text();
    const signature = res.headers.get("x-ferry-signature")!;
    const oldKey = res.headers.get("x-ferry-key-id")!;
    expect((await call(rotateRoute, { method: "POST", cookie: auditor })).status).toBe(403);
    const admin = await signIn("admin");
    const rotated = SigningKeys.parse(
      await (await call(rotateRoute, { method: "POST", cookie: admin })).json(),
    );
    expect(rotated.current.keyId).not.toBe(oldKey);
    expect(rotated.previous.map((k) => k.keyId)).toContain(oldKey);
    expect(await keys()).toEqual(rotated);
    const result = await verifyJson(json, signature);
    expect(result).toMatchObject({ valid: true, keyId: oldKey });
    expect(result.reason).toMatch(/earlier key/);
    // The stored signature is not replaced: the report still names the key that signed it.
    expect((await download()).headers.get("x-ferry-key-id")).toBe(oldKey);
  });
});
