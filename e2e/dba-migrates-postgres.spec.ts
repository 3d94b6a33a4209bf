import { expect, test } from "@playwright/test";
import { approveAsLead, createPostgresUrlConnection, shot, signIn, startWizard } from "./helpers";
import { e2eDbUrl } from "./stack-env";

test("a DBA moves a PostgreSQL database without one schema, watches the chunks and index builds, and reads the verified report", async ({
  page,
  browser,
}) => {
  await signIn(page, "dba");
  await createPostgresUrlConnection(page, "Shop (prod)", e2eDbUrl("pg_source", "?sslmode=disable"));
  await createPostgresUrlConnection(page, "Shop (new)", e2eDbUrl("pg_target", "?sslmode=disable"));

  await startWizard(page, "Shop (prod)", "Shop (new)");
  await expect(page.getByTestId("tables-selected")).toContainText("3 of 3 tables selected");
  await page.getByLabel("Schema archive", { exact: true }).uncheck();
  await expect(page.getByTestId("tables-selected")).toContainText("2 of 3 tables selected");
  await expect(page.getByLabel("Migrate archive.old_orders", { exact: true })).toBeDisabled();
  await shot(page, "10-pg-wizard-schemas");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("A PostgreSQL source keeps its own column types")).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Migration name", { exact: true }).fill("Shop to new cluster");
  await page.getByLabel("Rows per chunk", { exact: true }).fill("50000");
  // Planner statistics: analyzed in the run unless the DBA leaves ANALYZE to autovacuum, as the review then says.
  const analyze = page.getByLabel("ANALYZE every table in the run", { exact: true });
  await expect(analyze).toBeChecked();
  await analyze.uncheck();
  await shot(page, "11a-pg-wizard-options");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("left to autovacuum after the run, as after pg_dump | psql")).toBeVisible();
  await page.getByRole("button", { name: "Back" }).click();
  await analyze.check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("ANALYZE of every table before the run ends")).toBeVisible();
  await expect(page.getByText("Schemas left out")).toBeVisible();
  await shot(page, "11-pg-wizard-review");
  await page.getByRole("button", { name: "Create migration" }).click();
  await expect(page.getByRole("heading", { name: "Shop to new cluster" })).toBeVisible();

  await approveAsLead(browser, page);
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("overall-percent")).toHaveText("100%");
  await expect(page.getByTestId("table-status-public.orders")).toHaveText("verified");
  await expect(page.getByText(/Planned 7 chunk\(s\): 1 table\(s\) split into key ranges/)).toBeVisible();
  await expect(page.getByText(/Built 3 of 3 indexes/)).toBeVisible();
  await shot(page, "12-pg-run-succeeded");

  await page.getByRole("link", { name: "Verification report" }).click();
  await expect(page.getByTestId("report-verdict")).toContainText("Verified");
  await expect(page.getByTestId("report-verdict")).toContainText("checks pass");
  await expect(page.getByTestId("report-check-objects: views")).toContainText("✓ pass");
  await expect(page.getByTestId("report-check-objects: schemas")).toContainText(
    "1 in the source, 1 in the target",
  );
  await shot(page, "13-pg-report");
});
