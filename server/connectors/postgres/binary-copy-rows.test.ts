import { describe, expect, it } from "vitest";
import { BinaryCopyRows } from "./binary-copy-rows";

/** A binary COPY stream as PostgreSQL writes it; null is a NULL field. */
function stream(rows: (Buffer | null)[][], extension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [
    Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"),
    Buffer.alloc(4),
    int32(extension.length),
    extension,
  ];
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const f of row) parts.push(...(f === null ? [int32(-1)] : [int32(f.length), f]));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}
const int16 = (v: number) => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

const count = (data: Buffer, cuts: number[]) => {
  const counter = new BinaryCopyRows();
  let rows = 0;
  let from = 0;
  for (const to of [...cuts, data.length]) {
    rows += counter.count(data.subarray(from, to));
    from = to;
  }
  return rows;
};

const ROWS = [
  [Buffer.from("1"), Buffer.from("hello"), null],
  [Buffer.alloc(0), null, Buffer.alloc(300, 7)],
  // Bytes that look like a field count of -1 inside a value must not end the stream.
  [Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from([0, 3]), Buffer.from("x")],
  [null, null, null],
];

describe("BinaryCopyRows", () => {
  it("counts rows in one chunk, with or without a header extension", () => {
    expect(count(stream(ROWS), [])).toBe(4);
    expect(count(stream(ROWS, Buffer.from("ext!")), [])).toBe(4);
    expect(count(stream([]), [])).toBe(0);
  });

  it("counts the same whatever the chunk boundaries, down to one byte per chunk", () => {
    const data = stream(ROWS, Buffer.from("e"));
    for (let cut = 0; cut <= data.length; cut++) expect(count(data, [cut])).toBe(4);
    expect(count(data, [...Array(data.length).keys()])).toBe(4);
  });

  it("counts a row only once all its bytes have passed", () => {
    const data = stream([[Buffer.alloc(100, 1)], [Buffer.alloc(100, 2)]]);
    const counter = new BinaryCopyRows();
    const firstRowEnds = 19 + 2 + 4 + 100;
    expect(counter.count(data.subarray(0, firstRowEnds - 1))).toBe(0);
    expect(counter.count(data.subarray(firstRowEnds - 1, firstRowEnds))).toBe(1);
    expect(counter.count(data.subarray(firstRowEnds))).toBe(1);
  });

  it("counts rows of a table without columns", () => {
    expect(count(stream([[], [], []]), [20, 21])).toBe(3);
  });
});
