import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import {
  approveAsLead,
  buildMigration,
  createPostgresUrlConnection,
  createSqliteConnection,
  shot,
  signIn,
} from "./helpers";
import { e2eDbUrl } from "./stack-env";

test.beforeEach(async ({ page }) => {
  await signIn(page, "dba");
});

test("a wrong password on a target connection gets a clear error", async ({ page }) => {
  await page.goto("/connections");
  await page.getByRole("button", { name: "New connection" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill("Wrong password");
  await page.getByLabel("Host, port and user").check();
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Database", { exact: true }).fill("postgres");
  await page.getByLabel("User", { exact: true }).fill("ferry_pw");
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByLabel("TLS (sslmode)", { exact: true }).selectOption("disable");
  await page.getByRole("button", { name: "Create connection" }).click();
  await page.getByTestId("connection-row-Wrong password").getByRole("button", { name: "Test" }).click();
  const result = page.getByTestId("connection-test-result");
  await expect(result).toContainText("Connection needs attention");
  await expect(result).toContainText(
    'Password authentication failed for user "ferry_pw" on 127.0.0.1:5432. Check the password',
  );
  await shot(page, "10-wrong-password");
});

test("a file that is not SQLite is refused with a clear error", async ({ page }) => {
  const file = path.join(tmpdir(), "customers.csv");
  await writeFile(file, "id,name\n1,Ada\n");
  await createSqliteConnection(page, "Not SQLite", file, false);
  await expect(page.getByTestId("form-error")).toContainText('"customers.csv" is not a SQLite database');
  await shot(page, "11-not-sqlite");
});

test("an existing target table with 'stop before writing' fails the run and writes nothing", async ({
  page,
  browser,
}) => {
  const occupied = new pg.Client({
    connectionString: e2eDbUrl("occupied"),
  });
  await occupied.connect();
  await occupied.query(`CREATE TABLE "Artist" (id int); INSERT INTO "Artist" VALUES (7)`);
  try {
    await createSqliteConnection(page, "Chinook again", "fixtures/chinook/Chinook_Sqlite.sqlite");
    await createPostgresUrlConnection(page, "Occupied", e2eDbUrl("occupied", "?sslmode=disable"));
    await buildMigration(page, {
      name: "Into an occupied database",
      source: "Chinook again",
      target: "Occupied",
    });
    await approveAsLead(browser, page);
    await page.getByRole("button", { name: "Start run" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("failed", { timeout: 60_000 });
    await expect(page.getByTestId("run-error")).toContainText('already has a table "public"."Artist"');
    await expect(page.getByTestId("run-error")).toContainText("Nothing was written");
    await shot(page, "12-target-exists");
    const tables = await occupied.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(["Artist"]);
    expect((await occupied.query(`SELECT id FROM "Artist"`)).rows).toEqual([{ id: 7 }]);
  } finally {
    await occupied.end();
  }
});
