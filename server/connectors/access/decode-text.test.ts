import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { textDecoderFor, windows1252Bytes } from "./decode-text";

// What mdb-reader 3.2.0 returns for Jet3 text: the stored bytes read as Windows-1252.
const asMdbReaderReads = (bytes: Buffer) => iconv.decode(bytes, "windows-1252");

describe("Access 97 text encodings", () => {
  it("recovers the stored CP949 bytes and decodes them as Korean", () => {
    const decode = textDecoderFor("cp949", true)!;
    const stored = Buffer.from([0xb0, 0xa1, 0xb3, 0xaa, 0xb4, 0xd9, 0x41]);
    expect(asMdbReaderReads(stored)).toBe("°¡³ª´ÙA");
    expect(decode(asMdbReaderReads(stored), "A")).toBe("가나다A");
    expect(decode("ÇÑ±ÛÀÚ·á1", "B")).toBe("한글자료1");
    // A CP949-only (UHC) syllable: 똠 is 0x8C 0x63, outside EUC-KR.
    expect(decode(asMdbReaderReads(iconv.encode("똠방각하", "cp949")), "C")).toBe("똠방각하");
    expect(textDecoderFor("euc-kr", true)!("ÇÑ±Û", "D")).toBe("한글");
  });

  it("is a round trip for every byte Windows-1252 defines", () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).filter(
      (b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b),
    );
    expect(windows1252Bytes(asMdbReaderReads(Buffer.from(all)))).toEqual(Buffer.from(all));
  });

  it("refuses a value whose bytes cannot be known instead of guessing", () => {
    const decode = textDecoderFor("cp949", true)!;
    // 0x81 0x41 is a CP949 syllable; mdb-reader turns 0x81 into U+FFFD.
    expect(() => decode(asMdbReaderReads(Buffer.from([0x81, 0x41])), "A")).toThrow(
      /column "A": holds a byte .* cannot be decoded as cp949/,
    );
  });

  it("leaves Unicode files and the default code page to mdb-reader", () => {
    expect(textDecoderFor("cp949", false)).toBeNull();
    expect(textDecoderFor("auto", true)).toBeNull();
    expect(textDecoderFor("windows-1252", true)).toBeNull();
  });
});
