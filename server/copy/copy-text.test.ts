import { describe, expect, it } from "vitest";
import { copyLine, escapeCopyField } from "./copy-text";

describe("COPY text encoding", () => {
  it("escapes exactly the characters COPY treats specially", () => {
    expect(escapeCopyField("a\tb\nc\rd\\e\bf\fg\vh")).toBe("a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh");
    expect(escapeCopyField("plain ünïcode 한국어")).toBe("plain ünïcode 한국어");
  });

  it("writes NULL as \\N and keeps an empty string distinct from NULL", () => {
    expect(copyLine([null, "", "\\N"])).toBe("\\N\t\t\\\\N\n");
  });
});
