import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { ReportV1 } from "@/contracts/reports";
import {
  approveAsLead,
  buildMigration,
  createPostgresUrlConnection,
  createSqliteConnection,
  shot,
  signIn,
} from "./helpers";
import { e2eDbUrl } from "./stack-env";

const TABLES = [
  "Album",
  "Artist",
  "Customer",
  "Employee",
  "Genre",
  "Invoice",
  "InvoiceLine",
  "MediaType",
  "Playlist",
  "PlaylistTrack",
  "Track",
];

test("a DBA migrates Chinook from an uploaded SQLite file and downloads the verified report", async ({
  page,
  browser,
}) => {
  await signIn(page, "dba");
  await shot(page, "01-migrations-empty");

  await createSqliteConnection(page, "Chinook", "fixtures/chinook/Chinook_Sqlite.sqlite");
  await expect(page.getByTestId("connection-row-Chinook")).toContainText("Chinook_Sqlite.sqlite");
  await createPostgresUrlConnection(page, "Staging", e2eDbUrl("target", "?sslmode=disable"));

  await page.getByTestId("connection-row-Staging").getByRole("button", { name: "Test" }).click();
  const result = page.getByTestId("connection-test-result");
  await expect(result).toContainText("Connection works");
  await expect(result).toContainText("PostgreSQL 15");
  await shot(page, "02-connections-tested");

  await buildMigration(page, { name: "Chinook to staging", source: "Chinook", target: "Staging" });
  const migrationUrl = page.url();

  // The app-DB runbook is chosen from the engines; the DBA ticks a manual item with a note.
  await expect(page.getByTestId("checklist-template")).toContainText(
    "App database upgrade (SQLite) · SQLite → PostgreSQL · chosen from the engines",
  );
  const downtime = page.getByTestId("checklist-item-downtime-announced");
  await downtime.getByRole("button", { name: "Tick" }).click();
  await downtime.getByRole("textbox").fill("Mailed the shop's staff: Saturday 22:00–23:00.");
  await downtime.getByRole("button", { name: "Tick" }).click();
  await expect(page.getByTestId("item-state-downtime-announced")).toHaveText("done");
  await expect(downtime).toContainText("dba@ferry.local");

  // Preflight's verdicts tick the automatic items, on the page as it is.
  await page.getByRole("button", { name: "Run preflight" }).click();
  await expect(page.getByTestId("item-state-source-read")).toHaveText("done", { timeout: 60_000 });
  await expect(page.getByTestId("item-state-types")).toHaveText("done");

  // The DBA cannot start the run nor approve the plan; a lead approves it, then it starts.
  await expect(page.getByRole("button", { name: "Start run" })).toBeDisabled();
  await expect(page.getByTestId("start-blocked")).toContainText(
    "A lead must approve this migration's plan before it can run.",
  );
  await expect(page.getByTestId("approve-blocker")).toHaveText("Only a lead can approve a migration's plan.");
  await expect(page.getByRole("button", { name: "Approve this plan" })).toHaveCount(0);
  const migrationPath = new URL(migrationUrl).pathname;
  const refused = await page.request.post(`/api${migrationPath}/approve`, { data: {} });
  expect(refused.status()).toBe(403);
  await shot(page, "02b-checklist-waiting-for-approval");
  await approveAsLead(browser, page, "02c-lead-sees-approve");
  await expect(page.getByTestId("start-blocked")).toHaveCount(0);
  await shot(page, "02d-checklist-approved");

  // The lead watches the board while the DBA starts the run; the board follows without a reload.
  const leadContext = await browser.newContext({ baseURL: new URL(migrationUrl).origin });
  const lead = await leadContext.newPage();
  await signIn(lead, "lead");
  await lead.getByRole("link", { name: "Board" }).click();
  const boardRow = lead.getByTestId("board-row").filter({ hasText: "Chinook to staging" });
  await expect(boardRow.getByTestId("board-last-run")).toContainText("never run");
  await expect(boardRow).toContainText("approved");

  await page.getByRole("button", { name: "Start run" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("overall-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("overall-percent")).toHaveText("100%");
  for (const t of TABLES) await expect(page.getByTestId(`table-status-${t}`)).toHaveText("verified");
  await shot(page, "03-run-succeeded");

  await expect(boardRow.getByTestId("board-last-run")).toContainText("succeeded");
  await expect(boardRow.getByTestId("board-last-run")).toContainText("verified");
  await expect(boardRow.getByTestId("board-completion")).toHaveText(/^\d+\/\d+$/);
  await lead.getByLabel("Show", { exact: true }).selectOption("waiting");
  await expect(lead.getByText("Nothing matches")).toBeVisible();
  await lead.getByLabel("Show", { exact: true }).selectOption("all");
  await shot(lead, "06-board");
  await lead.getByRole("link", { name: "Audit" }).click();
  // Newest first: the approval just given is the first one listed (earlier specs approve too).
  await expect(lead.getByTestId("audit-row").filter({ hasText: "migration.approve" }).first()).toContainText(
    "lead@ferry.local",
  );
  await shot(lead, "07-audit");
  await lead.getByLabel("Action", { exact: true }).fill("run.start");
  await lead.getByRole("button", { name: "Apply filters" }).click();
  await expect(lead.getByTestId("audit-row").first()).toContainText("run.start");
  await expect(lead.getByTestId("audit-row").filter({ hasNotText: "run.start" })).toHaveCount(0);
  await leadContext.close();

  await page.getByRole("link", { name: "Verification report" }).click();
  await expect(page.getByTestId("report-verdict")).toContainText("Verified: all 11 tables match");
  await expect(page.getByTestId("report-row-PlaylistTrack")).toContainText("8,715");
  await shot(page, "04-report");

  const reportUrl = page.url();
  await page.goto(migrationUrl);
  for (const item of ["schema", "data", "post-data", "verified"])
    await expect(page.getByTestId(`item-state-${item}`)).toHaveText("done");
  await page.getByTestId("checklist-card").screenshot({ path: "e2e/screenshots/05-checklist-after-run.png" });
  await page.goto(reportUrl);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download report.json" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^ferry-report-.*\.json$/);
  const report = ReportV1.parse(JSON.parse(await readFile(await download.path(), "utf8")));
  expect(report.ok).toBe(true);
  expect(report.tables.map((t) => t.name).sort()).toEqual(TABLES);
  expect(report.tables.every((t) => t.match && t.sourceRows === t.targetRows)).toBe(true);

  // The auditor finds the report among all reports, filtered to verified ones, and downloads the PDF.
  const auditorContext = await browser.newContext({ baseURL: new URL(migrationUrl).origin });
  const auditor = await auditorContext.newPage();
  await signIn(auditor, "auditor");
  await auditor.getByRole("link", { name: "Reports" }).click();
  await auditor.getByLabel("Migration", { exact: true }).fill("Chinook to staging");
  await auditor.getByLabel("Verdict", { exact: true }).selectOption("verified");
  await auditor.getByRole("button", { name: "Apply filters" }).click();
  const row = auditor.getByTestId("report-row").filter({ hasText: "Chinook to staging" });
  await expect(row).toContainText("verified");
  await expect(row).toContainText("11 / 11");
  await shot(auditor, "08-auditor-reports");
  const pdfDownloading = auditor.waitForEvent("download");
  await row.getByRole("link", { name: "pdf" }).click();
  const pdf = await readFile(await (await pdfDownloading).path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  await auditorContext.close();
});
