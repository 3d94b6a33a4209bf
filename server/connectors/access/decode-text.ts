import iconv from "iconv-lite";
import type { AccessEncoding } from "@/contracts/connections";
import { ConversionError, preview } from "@/server/copy/conversion-error";

/**
 * Text of an Access 97 (Jet3) file is the bytes of the writing PC's code page. mdb-reader 3.2.0 has no
 * encoding option: it always decodes those bytes as Windows-1252, one character per byte. That is a
 * bijection except for the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which it
 * turns into U+FFFD. So the stored bytes come back exactly by encoding its text as Windows-1252 again, unless
 * a U+FFFD shows that one of those five bytes was there: then the value is refused, never guessed.
 */
const BYTE_OF = new Map<string, number>();
{
  const chars = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), "windows-1252");
  [...chars].forEach((c, i) => {
    if (c !== "\ufffd") BYTE_OF.set(c, i);
  });
}

/** The bytes mdb-reader decoded as Windows-1252, or null when one of them cannot be known. */
export function windows1252Bytes(text: string): Buffer | null {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = BYTE_OF.get(text[i]!);
    if (b === undefined) return null;
    out[i] = b;
  }
  return out;
}

export type TextDecoder = ((text: string, column: string) => string) | null;

/**
 * The re-decoder for a connection's encoding, or null when mdb-reader's own text is already right:
 * Jet4/ACE files store Unicode, and "auto" or "windows-1252" on a Jet3 file is what mdb-reader does.
 */
export function textDecoderFor(encoding: AccessEncoding, jet3: boolean): TextDecoder {
  if (!jet3 || encoding === "auto" || encoding === "windows-1252") return null;
  return (text, column) => {
    if (!/[\u0080-\uffff]/.test(text)) return text; // ASCII is the same in every code page offered
    const bytes = windows1252Bytes(text);
    if (!bytes)
      throw new ConversionError(
        column,
        preview(text),
        `holds a byte (0x81, 0x8D, 0x8F, 0x90 or 0x9D) that the Access reader cannot hand back, so it cannot be decoded as ${encoding}`,
      );
    return iconv.decode(bytes, encoding);
  };
}

/** What the preview says about how text is read. */
export function describeEncoding(encoding: AccessEncoding, jet3: boolean): string {
  if (!jet3)
    return encoding === "auto"
      ? "Unicode, as stored (Access 2000 and later)"
      : `Unicode, as stored (the ${encoding} setting applies to Access 97 files only)`;
  return encoding === "auto" || encoding === "windows-1252"
    ? "Windows-1252 (Access 97 stores the writing PC's code page; pick another if the text looks wrong)"
    : `${encoding} (Access 97 code page chosen for this connection)`;
}
