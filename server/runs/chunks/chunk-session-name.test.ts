import { describe, expect, it } from "vitest";
import { chunkSessionName } from "./chunk-session-name";

describe("chunkSessionName", () => {
  it("names the side, the table and the chunk", () => {
    expect(chunkSessionName("ferry-chunk", { table: "public.orders", seq: 3 })).toBe(
      "ferry-chunk public.orders#3",
    );
  });

  it("fits PostgreSQL's 63 bytes by shortening the table, never cutting a character or the chunk number", () => {
    const name = chunkSessionName("ferry-copy-out", { table: `public.${"Größe_".repeat(12)}`, seq: 1234 });
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name.startsWith("ferry-copy-out public.Größe_")).toBe(true);
    expect(name.endsWith("#1234")).toBe(true);
    expect(name).not.toContain("\uFFFD");
  });
});
