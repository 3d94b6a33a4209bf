import { describe, expect, it } from "vitest";
import { verifyStep } from "./verify-progress";

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
