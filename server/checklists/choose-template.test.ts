import { describe, expect, it } from "vitest";
import { TemplateItem } from "@/contracts/checklists";
import { PREFLIGHT_CHECKS } from "@/server/preflight/registry";
import { chooseTemplate } from "./choose-template";
import { TEMPLATES } from "./templates/registry";

describe("chooseTemplate", () => {
  it("picks the runbook from the engines and the target's host", () => {
    expect(chooseTemplate("postgres", "db.example.internal")).toBe("comprehensive");
    expect(chooseTemplate("postgres", "shop.postgres.database.azure.com")).toBe("cloud-move");
    expect(chooseTemplate("postgres", "shop.abc123.eu-west-1.rds.amazonaws.com")).toBe("cloud-move");
    expect(chooseTemplate("sqlite", undefined)).toBe("app-db");
    expect(chooseTemplate("access", undefined)).toBe("legacy-file");
    expect(chooseTemplate("mssql", "sql.local")).toBe("legacy-file");
  });
});

describe("templates", () => {
  const known = new Set(PREFLIGHT_CHECKS.map((c) => c.id));
  for (const t of Object.values(TEMPLATES))
    it(`${t.id}: valid items, known checks, phases in order, approval required`, () => {
      expect(t.requiresApproval).toBe(true);
      const ids = t.items.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of t.items) {
        TemplateItem.parse(item);
        expect(t.phases).toContain(item.phase);
        for (const c of item.preflightChecks) expect(known, `${item.id} → ${c}`).toContain(c);
        expect(item.kind === "auto").toBe(item.preflightChecks.length > 0 || item.runStep !== null);
      }
      const phaseIdx = t.items.map((i) => t.phases.indexOf(i.phase));
      expect(phaseIdx).toEqual([...phaseIdx].sort((a, b) => a - b));
    });
});
