import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, pageContentSecurityPolicy } from "./security-headers";

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

describe("content security policy", () => {
  it("lets only nonce-carrying scripts run, refuses framing, plugins and foreign posts", () => {
    const d = directives(pageContentSecurityPolicy("abc123", false));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["form-action"]).toEqual(["'self'"]);
    expect(d["base-uri"]).toEqual(["'self'"]);
    expect(pageContentSecurityPolicy("n", false)).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it("allows eval only in development", () => {
    expect(directives(pageContentSecurityPolicy("n", true))["script-src"]).toContain("'unsafe-eval'");
  });

  it("matches the API policy next.config.mjs sends", async () => {
    const file = path.resolve("next.config.mjs");
    const config = ((await import(/* @vite-ignore */ file)) as { default: unknown }).default as {
      headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
    };
    const api = (await config.headers()).find((h) => h.source === "/api/:path*")!;
    expect(api.headers).toContainEqual({
      key: "Content-Security-Policy",
      value: API_CONTENT_SECURITY_POLICY,
    });
  });
});
