import { expect, test } from "@playwright/test";
import { approveAsLead, createPostgresUrlConnection, shot, signIn, startWizard } from "./helpers";
import { e2eDbUrl } from "./stack-env";

test("a DBA moves a schema of 131 tables: finds tables in the wizard, and the run page draws 100 at a time with filters", async ({
  page,
  browser,
}) => {
  await signIn(page, "dba");
  await createPostgresUrlConnection(page, "Ledgers (old)", e2eDbUrl("many_source", "?sslmode=disable"));
  await createPostgresUrlConnection(page, "Ledgers (new)", e2eDbUrl("many_target", "?sslmode=disable"));

  await startWizard(page, "Ledgers (old)", "Ledgers (new)");
  await expect(page.getByTestId("tables-selected")).toContainText("131 of 131 tables selected");
  // The search finds tables by name; its buttons act on the found ones only.
  await page.getByLabel("Find tables", { exact: true }).fill("ledger_12");
  await page.getByRole("button", { name: "Clear the found" }).click();
  await expect(page.getByTestId("tables-selected")).toContainText("121 of 131 tables selected");
  await page.getByRole("button", { name: "Select the 10 found" }).click();
  await expect(page.getByTestId("tables-selected")).toContainText("131 of 131 tables selected");
  await page.getByLabel("Find tables", { exact: true }).fill("");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Migration name", { exact: true }).fill("Ledgers to new cluster");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create migration" }).click();
  await expect(page.getByRole("heading", { name: "Ledgers to new cluster" })).toBeVisible();

  await approveAsLead(browser, page);
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 120_000 });
  await expect(page.getByRole("button", { name: "Done 131" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Problems 0" })).toBeVisible();

  // The first 100 rows, and the rest on request.
  await expect(page.getByTestId("tables-shown")).toHaveText(
    "Showing 100 of 131 tables: the filters above find those that need a look.",
  );
  await expect(page.locator('[data-testid^="table-row-"]')).toHaveCount(100);
  await expect(page.getByTestId("table-status-public.ledger_100")).toHaveText("verified");
  await shot(page, "40-many-run-first-rows");
  await page.getByRole("button", { name: "Show 31 more" }).click();
  await expect(page.locator('[data-testid^="table-row-"]')).toHaveCount(131);
  await expect(page.getByTestId("tables-shown")).toHaveCount(0);
  await expect(page.getByTestId("table-status-public.tenants")).toHaveText("verified");

  // A filter starts again from the first rows; one with nothing in it says so.
  await page.getByRole("button", { name: "Problems 0" }).click();
  await expect(page.getByText("No table failed or differs.")).toBeVisible();
  await page.getByRole("button", { name: "Done 131" }).click();
  await expect(page.locator('[data-testid^="table-row-"]')).toHaveCount(100);
  await expect(page.getByTestId("tables-shown")).toHaveText("Showing 100 of 131 tables.");
  await shot(page, "41-many-run-filtered");
});
