import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import {
  approveAsLead,
  createPostgresUrlConnection,
  createSqliteConnection,
  shot,
  signIn,
  startWizard,
} from "./helpers";
import { e2eDbUrl } from "./stack-env";

/** A SQLite app database whose REAL column holds text: the case that breaks the other tools. */
function looselyTypedFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "ferry-e2e-types-")), "shop.sqlite");
  const db = new Database(file);
  db.exec(`CREATE TABLE prices (id INTEGER PRIMARY KEY, item TEXT NOT NULL, price REAL);
           INSERT INTO prices VALUES (1, 'tea', 2.5), (2, 'coffee', '2.32d0'), (3, 'cake', 4), (4, 'water', NULL);`);
  db.close();
  return file;
}

test("a DBA sees which values do not fit a declared type, keeps the proposal, and every row arrives", async ({
  page,
  browser,
}) => {
  await signIn(page, "dba");
  await createSqliteConnection(page, "Shop app", looselyTypedFile());
  await createPostgresUrlConnection(page, "Shop target", e2eDbUrl("types_target", "?sslmode=disable"));
  await startWizard(page, "Shop app", "Shop target");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByTestId("types-summary")).toContainText(
    "1 column(s) hold values their declared type cannot take",
  );
  const price = page.getByLabel("Type of prices.price", { exact: true });
  await expect(price).toHaveValue("text");
  await expect(
    page.getByText(/1 would not land as double precision \(not a number; e\.g\. "2\.32d0"\)/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Preview rows as they will land" }).click();
  await expect(page.getByText('Row 2, column "price": not a number (value "2.32d0")')).toBeVisible();
  await expect(page.getByRole("cell", { name: "coffee" })).toBeVisible();
  await shot(page, "20-sqlite-types-evidence");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Migration name", { exact: true }).fill("Shop app to PostgreSQL");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create migration" }).click();
  await page.getByRole("button", { name: "Dry run" }).click();
  await expect(page.getByTestId("dry-run-verdict")).toContainText("Nothing would stop this run");
  await expect(page.getByTestId("dry-run-rejects")).toHaveText("0");
  await expect(page.getByTestId("dry-run-row-prices")).toContainText("price REAL → text (chosen)");
  await shot(page, "21-sqlite-dry-run");
  await approveAsLead(browser, page);
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("table-status-prices")).toHaveText("verified");
  await expect(page.getByTestId("overall-percent")).toHaveText("100%");
});
