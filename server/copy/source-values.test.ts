import { describe, expect, it } from "vitest";
import { ConversionError } from "./conversion-error";
import { toInputText } from "./source-values";

describe("source values to PostgreSQL input text", () => {
  it("keeps 64-bit integers exact", () => {
    expect(toInputText("int", 9007199254740993n, "id")).toBe("9007199254740993");
    expect(toInputText("int", 3.0, "id")).toBe("3");
  });

  it("refuses a fraction in an integer column and names the column", () => {
    expect(() => toInputText("int", 2.5, "qty")).toThrow(ConversionError);
    expect(() => toInputText("int", 2.5, "qty")).toThrow(/column "qty": not a whole number/);
  });

  it("maps SQLite booleans and blobs", () => {
    expect(toInputText("bool", 1n, "b")).toBe("t");
    expect(toInputText("bool", "false", "b")).toBe("f");
    expect(toInputText("bytea", Buffer.from([0, 255]), "blob")).toBe("\\x00ff");
  });

  it("refuses NUL bytes in text, which PostgreSQL cannot store", () => {
    expect(() => toInputText("text", "a\0b", "note")).toThrow(/NUL byte/);
  });

  it("passes NULL through", () => {
    expect(toInputText("text", null, "x")).toBeNull();
  });
});
