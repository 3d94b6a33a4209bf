import { describe, expect, it } from "vitest";
import { inGroups } from "./in-groups";

describe("inGroups", () => {
  it("keeps the order, fills every group but the last, and gives nothing for nothing", () => {
    expect(inGroups([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inGroups([1, 2], 5)).toEqual([[1, 2]]);
    expect(inGroups([], 3)).toEqual([]);
  });
});
