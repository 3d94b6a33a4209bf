import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import {
  approveAsLead,
  buildMigration,
  createPostgresUrlConnection,
  createSqliteConnection,
  shot,
  signIn,
} from "./helpers";
import { E2E_PORT, E2E_USERS, e2eDbUrl } from "./stack-env";

const exec = promisify(execFile);
const dba = E2E_USERS.find((u) => u.role === "dba")!;

/** The `ferry` command as a CI job would run it; resolves with its exit code and both outputs. */
async function ferry(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ["dist/ferry-cli.js", ...args], {
      env: {
        ...process.env,
        FERRY_URL: `http://localhost:${E2E_PORT}`,
        FERRY_EMAIL: dba.email,
        FERRY_PASSWORD: dba.password,
        ...env,
      },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("a DBA starts a run from the ferry command, follows it in the terminal, and verifies it later from its page", async ({
  browser,
  page,
}) => {
  await signIn(page, "dba");
  await createSqliteConnection(page, "Chinook for the CLI", "fixtures/chinook/Chinook_Sqlite.sqlite");
  await createPostgresUrlConnection(page, "CLI target", e2eDbUrl("cli_target", "?sslmode=disable"));
  await buildMigration(page, {
    name: "Chinook from CI",
    source: "Chinook for the CLI",
    target: "CLI target",
    options: async (p) => {
      await p.getByLabel("Verify at the end of the run").uncheck();
    },
  });

  // Not approved yet: the command says why it cannot start, and exits 2 without starting anything.
  const refused = await ferry(["run", "Chinook from CI"]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/ferry: POST \/api\/migrations\/.+\/runs failed: .*approv/i);

  await approveAsLead(browser, page);
  const wrong = await ferry(["run", "Chinook from CI"], { FERRY_PASSWORD: "not-the-password" });
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/Sign-in as dba@ferry\.local failed/);
  expect(wrong.stderr).not.toContain("not-the-password");
  const unknown = await ferry(["run", "Chinook to nowhere"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('No migration is named "Chinook to nowhere". Migrations: ');
  expect(unknown.stderr).toContain('"Chinook from CI"');

  const ran = await ferry(["run", "Chinook from CI", "--json"]);
  expect(ran.code, ran.stderr).toBe(0);
  expect(ran.stderr).toMatch(/^Started run [0-9a-f-]{36}: http:\/\/localhost:\d+\/runs\//);
  expect(ran.stderr).toMatch(/^data +[\d,]+ \/ 15,607 rows/m);
  expect(ran.stderr).toMatch(/info +Copied/);
  expect(ran.stderr).toMatch(
    /succeeded in [\d.]+ s; not verified \(verify it from its page when ready\)\.$/m,
  );
  expect(ran.stderr).not.toContain(dba.password);
  const final = JSON.parse(ran.stdout) as { id: string; status: string; verified: boolean | null };
  expect(final).toMatchObject({ status: "succeeded", verified: null });

  await page.goto(`/runs/${final.id}`);
  await expect(page.getByTestId("run-status")).toHaveText("succeeded");
  await expect(page.getByText("not verified", { exact: true })).toBeVisible();
  await shot(page, "40-cli-run-unverified");
  await page.getByTestId("reverify-run").click();
  await expect(page.getByText("all tables match")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Verification report" })).toBeVisible();
  await shot(page, "41-cli-run-verified-later");

  // A CI job holds a token, not the DBA's password: created here, shown once, revoked from the same page.
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByText("No tokens yet")).toBeVisible();
  await page.getByLabel("Name").fill("nightly CI");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token-value").textContent())!.trim();
  expect(token).toMatch(/^ferry_/);
  const noPassword = { FERRY_EMAIL: "", FERRY_PASSWORD: "", FERRY_TOKEN: token };
  const listed = await ferry(["migrations"], noPassword);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(/Chinook from CI .*last run: succeeded/);
  await page.reload();
  await expect(page.getByTestId("api-token-row")).toContainText("nightly CI");
  await expect(page.getByTestId("api-token-row")).not.toContainText("never");
  await expect(page.getByText(token)).toHaveCount(0);
  await shot(page, "42-api-tokens");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Revoke nightly CI" }).click();
  await expect(page.getByTestId("api-token-row")).toContainText("revoked");
  const revoked = await ferry(["migrations"], noPassword);
  expect(revoked.code).toBe(2);
  expect(revoked.stderr).toMatch(/unknown, revoked or expired/);
  expect(revoked.stderr).not.toContain(token);
});
