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

test("a DBA runs Chinook over an existing app with a post-script, then rolls the run back", async ({
  browser,
  page,
}) => {
  const target = new pg.Client({ connectionString: e2eDbUrl("rollback_target") });
  await target.connect();
  try {
    // The app already in the target: an "Artist" table the run replaces, and its own settings.
    await target.query(`CREATE TABLE "Artist" (id int PRIMARY KEY, note text);
      INSERT INTO "Artist" VALUES (7, 'kept by the app');
      CREATE TABLE settings (key text PRIMARY KEY, value text); INSERT INTO settings VALUES ('version', '41');`);
    await signIn(page, "dba");
    await createSqliteConnection(page, "Chinook for rollback", "fixtures/chinook/Chinook_Sqlite.sqlite");
    await createPostgresUrlConnection(page, "App database", e2eDbUrl("rollback_target", "?sslmode=disable"));
    await buildMigration(page, {
      name: "Chinook over the app",
      source: "Chinook for rollback",
      target: "App database",
      options: async (p) => {
        await p.getByLabel("If a target table already exists", { exact: true }).selectOption("recreate");
        await p.getByLabel("Snapshot the target before the run").check();
        await p.getByRole("button", { name: "Add a script" }).click();
        await p.getByLabel("Script 1 name", { exact: true }).fill("0042 app migration");
        await p
          .getByLabel("Script 1 SQL", { exact: true })
          .fill("CREATE TABLE schema_migrations (version text);\nUPDATE settings SET value = '42';");
        await shot(p, "30-options-rollback-and-post-script");
      },
    });
    await approveAsLead(browser, page);
    await page.getByRole("button", { name: "Start run" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 90_000 });
    await expect(page.getByText(/Post-script 1 of 1 "0042 app migration"/)).toBeVisible();
    expect((await target.query("SELECT value FROM settings")).rows).toEqual([{ value: "42" }]);

    await page.getByRole("button", { name: "Roll back" }).click();
    await expect(page.getByTestId("rollback-status")).toHaveText("succeeded", { timeout: 60_000 });
    await expect(page.getByTestId("rollback-outcome")).toContainText("restored 2 table(s) (2 rows)");
    await shot(page, "31-run-rolled-back");

    const { rows } = await target.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    expect(rows.map((r) => r.tablename)).toEqual(["Artist", "settings"]);
    expect((await target.query(`SELECT * FROM "Artist"`)).rows).toEqual([{ id: 7, note: "kept by the app" }]);
    expect((await target.query("SELECT value FROM settings")).rows).toEqual([{ value: "41" }]);
  } finally {
    await target.end();
  }
});
