import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "./render-csv";

describe("CSV fields (RFC 4180)", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField(12)).toBe("12");
    expect(csvField(false)).toBe("false");
    expect(csvLine(["a", "b,c"])).toBe('a,"b,c"\r\n');
  });

  it("keeps a spreadsheet from running text as a formula", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("@x,y")).toBe(`"'@x,y"`);
    expect(csvField(-5)).toBe("-5");
  });
});
