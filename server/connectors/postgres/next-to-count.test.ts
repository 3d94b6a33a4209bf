import { describe, expect, it } from "vitest";
import type { CatalogTable } from "@/server/catalog/catalog";
import { nextToCount } from "./introspect-postgres";

const table = (name: string, sizeBytes?: number): CatalogTable => ({
  schema: "public",
  name,
  columns: [],
  primaryKey: null,
  autoKey: null,
  foreignKeys: [],
  indexes: [],
  rowCount: 0,
  ...(sizeBytes === undefined ? {} : { sizeBytes }),
});

describe("nextToCount", () => {
  it("counts a large table alone and small tables together, up to 100 at a time", () => {
    const small = Array.from({ length: 130 }, (_, i) => table(`s${i}`, 8192));
    const queue = [table("big", 1 << 30), ...small];
    expect(nextToCount(queue).map((t) => t.name)).toEqual(["big"]);
    expect(nextToCount(queue)).toHaveLength(100);
    expect(nextToCount(queue)).toHaveLength(30);
    expect(nextToCount(queue)).toEqual([]);
  });

  it("counts a table of unknown size alone", () => {
    const queue = [table("unknown"), table("s", 0)];
    expect(nextToCount(queue).map((t) => t.name)).toEqual(["unknown"]);
    expect(nextToCount(queue).map((t) => t.name)).toEqual(["s"]);
  });
});
