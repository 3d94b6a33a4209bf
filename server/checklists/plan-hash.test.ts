import { describe, expect, it } from "vitest";
import { planHash } from "./plan-hash";

const base = {
  sourceId: "11111111-1111-4111-8111-111111111111",
  targetId: "22222222-2222-4222-8222-222222222222",
  tables: ["a", "b"],
  options: { batchSize: 10_000, targetSchema: "public", columnTypes: { a: { x: "text" } } },
};

describe("planHash", () => {
  it("ignores key order and table order", () => {
    expect(planHash(base)).toBe(
      planHash({
        ...base,
        tables: ["b", "a"],
        options: { columnTypes: { a: { x: "text" } }, targetSchema: "public", batchSize: 10_000 },
      }),
    );
  });
  it("changes with the source, target, tables or any option", () => {
    const h = planHash(base);
    expect(planHash({ ...base, targetId: base.sourceId })).not.toBe(h);
    expect(planHash({ ...base, tables: ["a"] })).not.toBe(h);
    expect(planHash({ ...base, tables: null })).not.toBe(h);
    expect(planHash({ ...base, options: { ...base.options, batchSize: 5_000 } })).not.toBe(h);
  });
});
