import { describe, expect, it } from "vitest";
import { compareVersions, timescaleVersionProblem } from "./version-check";

describe("timescaleVersionProblem", () => {
  it("accepts a target that can create the source's exact version", () => {
    expect(
      timescaleVersionProblem("2.28.3", { available: ["2.27.0", "2.28.3"], installed: null }, 15),
    ).toBeNull();
    expect(timescaleVersionProblem("2.28.3", { available: ["2.28.3"], installed: "2.28.3" }, 15)).toBeNull();
  });

  it("refuses another version and names the one to install", () => {
    const problem = timescaleVersionProblem(
      "2.28.3",
      { available: ["2.9.1", "2.28.1"], installed: null },
      16,
    );
    expect(problem).toMatch(/source runs TimescaleDB 2\.28\.3/);
    expect(problem).toMatch(/it offers only 2\.9\.1, 2\.28\.1/);
    expect(problem).toMatch(/install TimescaleDB 2\.28\.3 for PostgreSQL 16/);
    expect(problem).toMatch(/timescaledb-2-postgresql-16 at version 2\.28\.3/);
  });

  it("refuses a target without TimescaleDB and one that already has a different version", () => {
    expect(timescaleVersionProblem("2.28.3", { available: [], installed: null }, 15)).toMatch(
      /offers no TimescaleDB version at all/,
    );
    expect(
      timescaleVersionProblem("2.28.3", { available: ["2.28.3", "2.29.0"], installed: "2.29.0" }, 15),
    ).toMatch(/already has TimescaleDB 2\.29\.0 installed/);
  });
});

describe("compareVersions", () => {
  it("orders numerically, part by part", () => {
    expect(["2.28.3", "2.9.1", "2.28.10", "2.10.0"].sort(compareVersions)).toEqual([
      "2.9.1",
      "2.10.0",
      "2.28.3",
      "2.28.10",
    ]);
    expect(compareVersions("2.28.3", "2.28.3")).toBe(0);
  });
});
