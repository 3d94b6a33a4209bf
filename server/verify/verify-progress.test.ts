import { describe, expect, it } from "vitest";
import type { RunStep } from "@/contracts/runs";
import { VerifyProgress, verifyStep } from "./verify-progress";

describe("verifyStep", () => {
  it("shows rows done of all, the rate and the time left", () => {
    expect(verifyStep(250_000, 1_000_000, 5_000)).toEqual({
      label: "Verifying: 250,000 of 1,000,000 rows",
      detail: "50,000 rows/s, about 15 s left",
      done: 250_000,
      total: 1_000_000,
    });
  });

  it("has no rate before the first rows and no time left at the end", () => {
    expect(verifyStep(0, 10, 0).detail).toBeNull();
    expect(verifyStep(10, 10, 1000).detail).toBe("10 rows/s");
  });
});

describe("VerifyProgress", () => {
  it("sums the tables' rows, and asks for the first report and the one reaching the total to be written", () => {
    const reports: { done: number; force: boolean }[] = [];
    const progress = new VerifyProgress(300, async (step: RunStep, force) => {
      reports.push({ done: step.done, force });
    });
    progress.rows("a", 50);
    progress.rows("b", 100);
    progress.rows("a", 100); // absolute: a table's count replaces its last one
    progress.rows("c", 100);
    progress.rows("c", 100);
    expect(reports).toEqual([
      { done: 50, force: true },
      { done: 150, force: false },
      { done: 200, force: false },
      { done: 300, force: true },
      { done: 300, force: false },
    ]);
  });
});
