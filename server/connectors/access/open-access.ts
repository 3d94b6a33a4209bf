import { open as openFile, readFile } from "node:fs/promises";
import MDBReader from "mdb-reader";
import { DomainError } from "@/server/errors";

const JET = Buffer.from("Standard Jet DB\0", "latin1");
const ACE = Buffer.from("Standard ACE DB\0", "latin1");
const VERSIONS: Record<number, string> = {
  0: "Access 97 (Jet 3)",
  1: "Access 2000–2003 (Jet 4)",
  2: "Access 2007 (ACE 12)",
  3: "Access 2010 (ACE 14)",
  4: "Access 2013 (ACE 15)",
  5: "Access 2016 (ACE 16)",
  6: "Access 2019 (ACE 17)",
};

export type AccessFormat = { version: string; jet3: boolean };

/** The file's format from its first page: 00 01 00 00, then "Standard Jet DB" or "Standard ACE DB" at offset 4. */
export function accessFormatOf(head: Buffer): AccessFormat | null {
  if (head.length < 0x15 || head.readUInt32LE(0) !== 0x100) return null;
  const engine = head.subarray(4, 20);
  if (!engine.equals(JET) && !engine.equals(ACE)) return null;
  const version = VERSIONS[head[0x14]!];
  return version ? { version, jet3: head[0x14] === 0 } : null;
}

export async function readAccessHeader(filePath: string): Promise<AccessFormat | null> {
  const fh = await openFile(filePath, "r");
  try {
    const buf = Buffer.alloc(0x15);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length ? accessFormatOf(buf) : null;
  } finally {
    await fh.close();
  }
}

/** mdb-reader reads from one Buffer holding the whole file; it never writes. */
export async function openAccess(
  filePath: string,
): Promise<{ reader: MDBReader; format: AccessFormat; buffer: Buffer }> {
  const buffer = await readFile(filePath);
  const format = accessFormatOf(buffer);
  if (!format)
    throw new DomainError(400, "access_unreadable", "The file is not an MS Access database (.mdb/.accdb).");
  try {
    const reader = new MDBReader(buffer);
    reader.getTableNames();
    return { reader, format, buffer };
  } catch (err) {
    const message = (err as Error).message;
    throw new DomainError(
      400,
      "access_unreadable",
      /password/i.test(message)
        ? "The Access file is encrypted with a password. Remove the password in Access (File → Info → Decrypt Database) and upload it again."
        : `The file could not be read as an Access database (${message}). Compact and repair it in Access, then upload it again.`,
    );
  }
}
