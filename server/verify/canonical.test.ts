import { describe, expect, it } from "vitest";
import { canonicalValue } from "./canonical";

describe("canonical values by target type", () => {
  it("makes SQLite 1 and PostgreSQL true agree", () => {
    expect(canonicalValue("bool", "boolean", 1n, "b")).toBe("true");
  });

  it("makes 1.50 and 1.5 agree and rounds to the column's scale like PostgreSQL", () => {
    expect(canonicalValue("numeric", "numeric(10,2)", "1.50", "p")).toBe("1.5");
    expect(canonicalValue("numeric", "numeric(10,2)", 0.99, "p")).toBe("0.99");
    expect(canonicalValue("numeric", "numeric(10,2)", 1.005, "p")).toBe("1.01");
    expect(canonicalValue("numeric", "numeric", 1e-7, "p")).toBe("0.0000001");
  });

  it("renders floats by their bits, so formatting differences cannot hide or invent a change", () => {
    expect(canonicalValue("float", "double precision", 0.1, "f")).toBe("3fb999999999999a");
    expect(canonicalValue("float", "double precision", "1e-05", "f")).toBe(
      canonicalValue("float", "double precision", 0.00001, "f"),
    );
  });

  it("normalises timestamps and dates the way to_char prints them", () => {
    expect(canonicalValue("timestamp", "timestamp", "2009-01-01 00:00:00", "t")).toBe(
      "2009-01-01 00:00:00.000000",
    );
    expect(canonicalValue("timestamp", "timestamp", "2009-01-01T10:20:30.5", "t")).toBe(
      "2009-01-01 10:20:30.500000",
    );
    expect(canonicalValue("date", "date", "2009-01-01 00:00:00", "d")).toBe("2009-01-01");
  });

  it("renders bytea as hex", () => {
    expect(canonicalValue("bytea", "bytea", Buffer.from("hi"), "b")).toBe("6869");
  });
});
