import { createHash, type Hash } from "node:crypto";

const MOD = 1n << 128n;

/**
 * Hashes a table's canonical lines. Key-ordered tables hash the byte stream; tables without a key
 * use an order-independent multiset hash: the sum of each line's SHA-256 (first 128 bits) mod 2^128.
 */
export class RowHasher {
  private readonly stream: Hash | null;
  private sum = 0n;
  private partial = "";
  rows = 0;

  constructor(readonly method: "key-ordered" | "multiset") {
    this.stream = method === "key-ordered" ? createHash("sha256") : null;
  }

  /** One or more complete lines, or any slice of the stream for key-ordered hashing. */
  update(chunk: Buffer | string): void {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) this.rows++;
    if (this.stream) return void this.stream.update(buf);
    const text = this.partial + buf.toString("latin1");
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) {
      const digest = createHash("sha256")
        .update(Buffer.from(line + "\n", "latin1"))
        .digest();
      this.sum = (this.sum + BigInt(`0x${digest.subarray(0, 16).toString("hex")}`)) % MOD;
    }
  }

  digest(): string {
    if (this.stream) return `sha256:${this.stream.digest("hex")}`;
    return `multiset-sha256:${this.sum.toString(16).padStart(32, "0")}`;
  }
}
