import iconv from "iconv-lite";
import type MDBReader from "mdb-reader";
import type { CatalogIndex, CatalogTable } from "@/server/catalog/catalog";
import type { AccessFormat } from "./open-access";

type Keys = Pick<CatalogTable, "primaryKey" | "indexes">;
const NONE: Keys = { primaryKey: null, indexes: [] };

/**
 * Primary keys and indexes, read from each table's definition pages (mdb-reader 3.2.0 parses those but
 * exposes no index). Layout per mdbtools' HACKING.md ("Table Definition Pages"): after the column
 * definitions and names come the real indexes (up to 10 columns each, flag 0x01 unique) and the logical
 * indexes (their names, the real index they use, and type 0x01 primary key / 0x02 foreign-key backing).
 * Pages that do not look like a table definition (an encrypted file) leave the table without keys.
 */
export function readIndexes(
  file: Buffer,
  reader: MDBReader,
  format: AccessFormat,
): { readable: boolean; of: (table: string) => Keys } {
  const pageSize = format.jet3 ? 2048 : 4096;
  const pages = new Map<string, number>();
  try {
    const objects = reader.getTable("MSysObjects").getData({ columns: ["Id", "Name", "Type"] }) as {
      Id: number;
      Name: string;
      Type: number;
    }[];
    for (const o of objects) if ((o.Type & 0x7fff) === 1) pages.set(o.Name, o.Id & 0x00ffffff);
  } catch {
    return { readable: false, of: () => NONE };
  }
  let readable = true;
  const cache = new Map<string, Keys>();
  return {
    get readable() {
      return readable;
    },
    of(table) {
      const cached = cache.get(table);
      if (cached) return cached;
      const page = pages.get(table);
      let keys: Keys | null = NONE;
      try {
        if (page)
          keys = parseTableDefinition(
            file,
            page,
            pageSize,
            format.jet3,
            table,
            reader.getTable(table).columnCount,
          );
      } catch {
        keys = null;
      }
      if (!keys) readable = false;
      cache.set(table, keys ?? NONE);
      return keys ?? NONE;
    },
  };
}

// An encrypted page is noise: a page type of 2 by chance is caught by the column count check.
function definitionBuffer(file: Buffer, first: number, pageSize: number): Buffer | null {
  const parts: Buffer[] = [];
  for (let page = first, n = 0; page > 0 && n < 256; n++) {
    const buf = file.subarray(page * pageSize, (page + 1) * pageSize);
    if (buf.length < pageSize || buf[0] !== 0x02) return null;
    parts.push(parts.length ? buf.subarray(8) : buf);
    page = buf.readUInt32LE(4);
  }
  return Buffer.concat(parts);
}

function decodeName(bytes: Buffer, jet3: boolean): string {
  if (jet3) return iconv.decode(bytes, "windows-1252");
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    // Jet4 "unicode compression": runs of one-byte (high byte 0) and two-byte characters, toggled by 0x00.
    const out: number[] = [];
    let compressed = true;
    for (let i = 2; i < bytes.length;) {
      if (bytes[i] === 0) {
        compressed = !compressed;
        i++;
      } else if (compressed) out.push(bytes[i++]!);
      else if (i + 1 < bytes.length) {
        out.push(bytes.readUInt16LE(i));
        i += 2;
      } else break;
    }
    return String.fromCharCode(...out);
  }
  return bytes.toString("utf16le");
}

export function parseTableDefinition(
  file: Buffer,
  page: number,
  pageSize: number,
  jet3: boolean,
  table: string,
  expectedColumns: number,
): Keys | null {
  const d = definitionBuffer(file, page, pageSize);
  if (!d) return null;
  const o = jet3
    ? { cols: 25, logical: 27, real: 31, start: 43, realEntry: 8, colEntry: 18, colNum: 1, nameLen: 1 }
    : { cols: 45, logical: 47, real: 51, start: 63, realEntry: 12, colEntry: 25, colNum: 5, nameLen: 2 };
  const columnCount = d.readUInt16LE(o.cols);
  if (columnCount !== expectedColumns) return null;
  const logicalCount = d.readInt32LE(o.logical);
  const realCount = d.readInt32LE(o.real);
  let pos = o.start + realCount * o.realEntry;
  const colNums: number[] = [];
  for (let i = 0; i < columnCount; i++) colNums.push(d.readUInt16LE(pos + i * o.colEntry + o.colNum));
  pos += columnCount * o.colEntry;
  const nameOf = new Map<number, string>();
  const readName = () => {
    const len = o.nameLen === 1 ? d.readUInt8(pos) : d.readUInt16LE(pos);
    pos += o.nameLen;
    const name = decodeName(d.subarray(pos, pos + len), jet3);
    pos += len;
    return name;
  };
  for (const num of colNums) nameOf.set(num, readName());

  const real: { columns: string[]; unique: boolean }[] = [];
  for (let i = 0; i < realCount; i++) {
    if (!jet3) pos += 4;
    const columns: string[] = [];
    for (let k = 0; k < 10; k++) {
      const num = d.readUInt16LE(pos + k * 3);
      if (num !== 0xffff && nameOf.has(num)) columns.push(nameOf.get(num)!);
    }
    pos += 30 + 4 + 4;
    const flags = d.readUInt8(pos);
    pos += jet3 ? 1 : 10;
    real.push({ columns, unique: (flags & 0x01) !== 0 });
  }

  const logical: { realIndex: number; type: number }[] = [];
  for (let i = 0; i < logicalCount; i++) {
    const base = pos + (jet3 ? 0 : 4);
    logical.push({ realIndex: d.readInt32LE(base + 4), type: d.readUInt8(base + 19) });
    pos += jet3 ? 20 : 28;
  }
  const names = logical.map(() => readName());

  let primaryKey: string[] | null = null;
  const indexes: CatalogIndex[] = [];
  const seen = new Set<string>();
  logical.forEach((l, i) => {
    const r = real[l.realIndex];
    if (!r || r.columns.length === 0) return;
    if (l.type === 0x01) return void (primaryKey ??= r.columns);
    if (l.type === 0x02) return; // backs a relationship; the foreign key itself comes from MSysRelationships
    const sig = `${r.unique}:${r.columns.join("\u0000")}`;
    if (seen.has(sig)) return;
    seen.add(sig);
    // PostgreSQL index names are per schema, Access's per table ("B" on two tables): prefix the table.
    indexes.push({ name: `${table}_${names[i]!}`, columns: r.columns, unique: r.unique });
  });
  const pk = primaryKey as string[] | null;
  return {
    primaryKey: pk,
    indexes: indexes.filter((ix) => !pk || ix.columns.join("\u0000") !== pk.join("\u0000")),
  };
}
