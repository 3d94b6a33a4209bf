import { describe, expect, it } from "vitest";
import type { CatalogTable } from "@/server/catalog/catalog";
import { diskVerdict } from "./disk-space";
import { windowVerdict } from "./duration-window";
import { caseClashes, targetIdentifiers, tooLong } from "./identifiers";
import { tlsVerdict } from "./tls";
import { lossyReason } from "./type-mappings";

const GiB = 1024 ** 3;

const table = (name: string, columns: string[], schema: string | null = null): CatalogTable => ({
  schema,
  name,
  columns: columns.map((c, i) => ({ name: c, declaredType: "TEXT", nullable: true, position: i + 1 })),
  primaryKey: null,
  autoKey: null,
  foreignKeys: [],
  indexes: [],
  rowCount: 0,
});

describe("tlsVerdict", () => {
  it("warns for sslmode=disable or prefer to a host that is not on this machine", () => {
    const v = tlsVerdict("target", "db.example.com", "disable", false);
    expect(v.verdict).toBe("warn");
    expect(v.evidence).toContain("db.example.com is not on this machine and uses sslmode=disable");
    expect(v.remedy).toContain("sslmode=require");
    expect(tlsVerdict("source", "10.0.0.5", "prefer", true).verdict).toBe("warn");
  });

  it("passes require or stronger, and any mode on this machine", () => {
    for (const mode of ["require", "verify-ca", "verify-full"])
      expect(tlsVerdict("target", "x.postgres.database.azure.com", mode, true)).toMatchObject({
        verdict: "pass",
        remedy: null,
      });
    for (const host of ["localhost", "127.0.0.1", "::1", "/var/run/postgresql"])
      expect(tlsVerdict("target", host, "disable", false).verdict).toBe("pass");
  });
});

describe("diskVerdict", () => {
  it("asks for twice the data, stated as unknown when free space cannot be read", () => {
    const v = diskVerdict(null, 3 * GiB);
    expect(v.verdict).toBe("warn");
    expect(v.evidence).toContain("Free space on the target's host is unknown");
    expect(v.evidence).toContain("the runbook asks for 6.0 GiB free");
  });
  it("fails below 2× and passes at or above it", () => {
    const v = diskVerdict(5 * GiB, 3 * GiB);
    expect(v.verdict).toBe("fail");
    expect(v.remedy).toBe("Free or add at least 1.0 GiB on the target's data volume before the run.");
    expect(diskVerdict(6 * GiB, 3 * GiB).verdict).toBe("pass");
    expect(diskVerdict(6 * GiB, null).verdict).toBe("warn");
  });
});

describe("windowVerdict", () => {
  it("fails over the window, warns above 80 % of it or without an estimate, passes inside", () => {
    expect(windowVerdict(90, 60, "basis").verdict).toBe("fail");
    expect(windowVerdict(50, 60, "basis").verdict).toBe("warn");
    expect(windowVerdict(null, 60, "no rate").verdict).toBe("warn");
    expect(windowVerdict(10, 60, "basis")).toMatchObject({ verdict: "pass", remedy: null });
  });
});

describe("identifiers", () => {
  it("measures names in UTF-8 bytes, not characters", () => {
    const korean = "고객".repeat(11); // 22 characters, 66 bytes
    const long = tooLong(targetIdentifiers([table("t", [korean, "id"])]));
    expect(long).toEqual([{ name: korean, where: `column t.${korean}`, bytes: 66 }]);
    expect(tooLong(targetIdentifiers([table("x".repeat(63), ["id"])]))).toEqual([]);
  });
  it("finds tables and columns that differ only by case", () => {
    expect(caseClashes([table("Orders", ["id"]), table("orders", ["Id", "id"])])).toEqual([
      'tables "Orders" and "orders"',
      'columns of orders "Id" and "id"',
    ]);
    expect(caseClashes([table("orders", ["id"], "a"), table("orders", ["id"], "b")])).toEqual([]);
  });
});

describe("lossyReason", () => {
  it("names mappings that change what a value means", () => {
    expect(lossyReason("", "text")).toBe("declared with no type: taken as text");
    expect(lossyReason("GEOMETRY", "text")).toContain("lands as text");
    expect(lossyReason("datetimeoffset", "timestamp")).toContain("offset is dropped");
    expect(lossyReason("VARCHAR(20)", "varchar(20)")).toBeNull();
    expect(lossyReason("INTEGER", "bigint")).toBeNull();
  });
});
