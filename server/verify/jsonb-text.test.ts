import { describe, expect, it } from "vitest";
import { jsonbText } from "./jsonb-text";

// Expected strings are what PostgreSQL 15 prints for `'<input>'::jsonb::text`.
describe("jsonb text", () => {
  it("sorts keys by length then bytes, keeps the last duplicate, and prints numbers as numeric", () => {
    expect(
      jsonbText(
        '{"b":1, "a":[1,2.50, 1e2, -0, 1.5E-3, 12345678901234567890], "aa": {"x":null,"x":true}, "é":"tab\\there \\u00e9 \\ud83d\\ude00 \\u001f"}',
      ),
    ).toBe(
      '{"a": [1, 2.50, 100, 0, 0.0015, 12345678901234567890], "b": 1, "aa": {"x": true}, "é": "tab\\there é 😀 \\u001f"}',
    );
  });

  it("handles scalars and empty containers", () => {
    expect(jsonbText('"x"')).toBe('"x"');
    expect(jsonbText("-0.0")).toBe("0.0");
    expect(jsonbText("1.0e1")).toBe("10");
    expect(jsonbText(" [ ] ")).toBe("[]");
    expect(jsonbText("{}")).toBe("{}");
  });

  it("leaves text that is not JSON alone", () => {
    expect(jsonbText("{oops")).toBe("{oops");
  });
});
