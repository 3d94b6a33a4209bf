// The signature "PGCOPY\n\377\r\n\0" and the flags word; the header extension's length follows.
const FIXED_HEADER = 11 + 4;

type Expect = "extension length" | "field count" | "field length" | "end";

/**
 * Counts the rows of a `COPY … (FORMAT binary)` stream as it passes, whatever its chunk boundaries: the
 * stream is a header, then per row a 16-bit field count and per field a 32-bit length (-1: NULL) and the
 * bytes, then -1 as the trailer. A row counts once all its bytes have passed.
 */
export class BinaryCopyRows {
  private skip = FIXED_HEADER;
  private expect: Expect = "extension length";
  private fieldsLeft = 0;
  private inRow = false;
  private readonly partial: number[] = [];

  /** Rows completed by this chunk. */
  count(chunk: Uint8Array): number {
    let rows = 0;
    let i = 0;
    const n = chunk.length;
    while (i < n && this.expect !== "end") {
      if (this.skip > 0) {
        const step = Math.min(this.skip, n - i);
        i += step;
        this.skip -= step;
        if (this.skip === 0 && this.inRow && this.fieldsLeft === 0) rows += this.endRow();
        continue;
      }
      const size = this.expect === "field count" ? 2 : 4;
      let word: number;
      if (!this.partial.length && n - i >= size) {
        word = size === 2 ? (((chunk[i]! << 8) | chunk[i + 1]!) << 16) >> 16 : readInt32(chunk, i);
        i += size;
      } else {
        this.partial.push(chunk[i++]!);
        if (this.partial.length < size) continue;
        const p = this.partial.splice(0);
        word = size === 2 ? (((p[0]! << 8) | p[1]!) << 16) >> 16 : readInt32(p, 0);
      }
      rows += this.take(word);
    }
    return rows;
  }

  private take(word: number): number {
    switch (this.expect) {
      case "extension length":
        this.skip = word;
        this.expect = "field count";
        return 0;
      case "field count":
        if (word === -1) {
          this.expect = "end";
          return 0;
        }
        this.fieldsLeft = word;
        this.inRow = true;
        if (word === 0) return this.endRow();
        this.expect = "field length";
        return 0;
      case "field length":
        this.fieldsLeft--;
        if (word > 0) this.skip = word;
        if (this.fieldsLeft === 0) {
          this.expect = "field count";
          if (this.skip === 0) return this.endRow();
        }
        return 0;
      default:
        return 0;
    }
  }

  private endRow(): number {
    this.inRow = false;
    return 1;
  }
}

const readInt32 = (b: ArrayLike<number>, i: number) =>
  (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
