import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

test("pages carry a nonce CSP that changes per response, and run under it without violations", async ({
  page,
  request,
}) => {
  const [a, b] = [await request.get("/login"), await request.get("/login")];
  const nonces = [a, b].map((r) => {
    const csp = r.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers()).toMatchObject(BASE_HEADERS);
    return /'nonce-([^']+)'/.exec(csp)![1];
  });
  expect(nonces[0]).not.toBe(nonces[1]);
  // Next put this response's nonce on its scripts.
  expect(await b.text()).toContain(`nonce="${nonces[1]}"`);

  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await signIn(page, "dba");
  await page.goto("/connections");
  await expect(page.getByRole("button", { name: "New connection" }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("API responses carry the API policy and the base headers, refusals included", async ({ request }) => {
  for (const path of ["/api/health", "/api/auth/me", "/api/signing-key"]) {
    const res = await request.get(path);
    expect(res.headers(), path).toMatchObject({
      ...BASE_HEADERS,
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
  }
});

test("a cross-site sign-in is refused", async ({ request }) => {
  const res = await request.post("/api/auth/login", {
    headers: { origin: "https://evil.example" },
    data: { email: "dba@ferry.local", password: "ferry-dba-pass" },
  });
  expect(res.status()).toBe(403);
});
