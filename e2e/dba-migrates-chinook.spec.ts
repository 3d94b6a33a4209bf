import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { ReportV1 } from "@/contracts/reports";
import { buildMigration, createPostgresUrlConnection, createSqliteConnection, shot, signIn } from "./helpers";
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
  await page.getByRole("button", { name: "Start run" }).click();

  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("overall-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("overall-percent")).toHaveText("100%");
  for (const t of TABLES) await expect(page.getByTestId(`table-status-${t}`)).toHaveText("verified");
  await shot(page, "03-run-succeeded");

  await page.getByRole("link", { name: "Verification report" }).click();
  await expect(page.getByTestId("report-verdict")).toContainText("Verified: all 11 tables match");
  await expect(page.getByTestId("report-row-PlaylistTrack")).toContainText("8,715");
  await shot(page, "04-report");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download report.json" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^ferry-report-.*\.json$/);
  const report = ReportV1.parse(JSON.parse(await readFile(await download.path(), "utf8")));
  expect(report.ok).toBe(true);
  expect(report.tables.map((t) => t.name).sort()).toEqual(TABLES);
  expect(report.tables.every((t) => t.match && t.sourceRows === t.targetRows)).toBe(true);
});
