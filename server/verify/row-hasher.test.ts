import { describe, expect, it } from "vitest";
import { RowHasher } from "./row-hasher";

describe("RowHasher", () => {
  it("gives the same key-ordered hash however the stream is sliced", () => {
    const a = new RowHasher("key-ordered");
    a.update("1\tx\n2\ty\n");
    const b = new RowHasher("key-ordered");
    b.update("1\t");
    b.update(Buffer.from("x\n2\ty\n"));
    expect(a.digest()).toBe(b.digest());
    expect(a.rows).toBe(2);
  });

  it("ignores order for tables without a key but not duplicates", () => {
    const a = new RowHasher("multiset");
    a.update("1\n2\n2\n");
    const b = new RowHasher("multiset");
    b.update("2\n1");
    b.update("\n2\n");
    const c = new RowHasher("multiset");
    c.update("1\n2\n");
    expect(a.digest()).toBe(b.digest());
    expect(a.digest()).not.toBe(c.digest());
  });
});
