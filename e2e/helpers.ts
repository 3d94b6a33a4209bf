import { mkdirSync } from "node:fs";
import { expect, type Browser, type Page } from "@playwright/test";
import { E2E_USERS } from "./stack-env";

export async function signIn(page: Page, role: "admin" | "dba" | "lead" | "auditor"): Promise<void> {
  const user = E2E_USERS.find((u) => u.role === role)!;
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.email);
}

/** The lead approves the migration open in `page`, in a browser of their own; `page` then sees it, live. */
export async function approveAsLead(browser: Browser, page: Page, screenshot?: string): Promise<void> {
  const url = new URL(page.url());
  const context = await browser.newContext({ baseURL: url.origin });
  try {
    const lead = await context.newPage();
    await signIn(lead, "lead");
    await lead.goto(url.pathname);
    if (screenshot) {
      await expect(lead.getByRole("button", { name: "Approve this plan" })).toBeVisible();
      await shot(lead, screenshot);
    }
    await lead.getByRole("button", { name: "Approve this plan" }).click();
    await expect(lead.getByTestId("approval-status")).toHaveText("approved");
  } finally {
    await context.close();
  }
  // No reload: the migration's event stream brings the lead's approval to the page already open.
  await expect(page.getByTestId("approval-status")).toHaveText("approved");
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync("e2e/screenshots", { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export async function createSqliteConnection(
  page: Page,
  name: string,
  file: string,
  expectCreated = true,
): Promise<void> {
  await page.goto("/connections");
  await page.getByRole("button", { name: "New connection" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Engine", { exact: true }).selectOption("sqlite");
  await page.getByLabel("SQLite database file", { exact: true }).setInputFiles(file);
  await page.getByRole("button", { name: "Create connection" }).click();
  if (expectCreated) await expect(page.getByTestId(`connection-row-${name}`)).toBeVisible();
}

export async function createPostgresUrlConnection(page: Page, name: string, url: string): Promise<void> {
  await page.goto("/connections");
  await page.getByRole("button", { name: "New connection" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByTestId(`connection-row-${name}`)).toBeVisible();
}

/** The wizard's first two steps: a new migration from `source` to `target`, on to its tables step. */
export async function startWizard(page: Page, source: string, target: string): Promise<void> {
  await page.goto("/migrations/new");
  await page.getByRole("radio", { name: source, exact: true }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("radio", { name: target, exact: true }).check();
  await page.getByRole("button", { name: "Next" }).click();
}

export async function buildMigration(
  page: Page,
  opts: { name: string; source: string; target: string; options?: (page: Page) => Promise<void> },
): Promise<void> {
  await startWizard(page, opts.source, opts.target);
  await expect(page.getByTestId("tables-selected")).toContainText("11 of 11 tables selected");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByTestId("types-summary")).toContainText(
    "Every value fits the type its column declares",
  );
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Migration name", { exact: true }).fill(opts.name);
  await opts.options?.(page);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create migration" }).click();
  await expect(page.getByRole("heading", { name: opts.name })).toBeVisible();
}
