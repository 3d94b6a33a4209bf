import { describe, expect, it } from "vitest";
import { AuditQuery, auditSearchParams, summariseDetails } from "./audit";

describe("audit contract", () => {
  it("leaves empty filters out of the query string and parses it back with defaults", () => {
    const params = auditSearchParams({ actor: "lead", action: "", from: "2026-11-01", page: 2 });
    expect(params.toString()).toBe("actor=lead&from=2026-11-01&page=2");
    expect(AuditQuery.parse(Object.fromEntries(params))).toEqual({
      actor: "lead",
      from: "2026-11-01",
      page: 2,
      pageSize: 50,
    });
    expect(() => AuditQuery.parse({ from: "yesterday" })).toThrow();
  });

  it("summarises details on one line, skipping empty values and shortening long ones", () => {
    expect(summariseDetails({ item: "roles", from: "open", note: null, tables: ["a", "b"] })).toBe(
      'item=roles, from=open, tables=["a","b"]',
    );
    expect(summariseDetails({ note: "x".repeat(500) }, 20)).toHaveLength(20);
  });
});
