import Big from "big.js";

type Json = { t: "obj"; pairs: Map<string, Json> } | { t: "arr"; items: Json[] } | { t: "lit"; text: string };

const NUMBER = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/;
const WS = /[ \t\n\r]/;

/**
 * JSON text as PostgreSQL prints it once stored as jsonb: duplicate keys keep the last value, keys sorted
 * by byte length then bytes, ", " and ": " separators, numbers as numeric prints them (1e2 → 100, 1.50
 * stays 1.50), strings re-escaped as escape_json does. Text that is not JSON is returned as is.
 */
export function jsonbText(text: string): string {
  try {
    const p = new Parser(text);
    const value = p.value();
    p.end();
    return render(value);
  } catch {
    return text;
  }
}

const byteCompare = (a: string, b: string) => {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length - y.length || Buffer.compare(x, y);
};

function render(v: Json): string {
  if (v.t === "lit") return v.text;
  if (v.t === "arr") return `[${v.items.map(render).join(", ")}]`;
  const keys = [...v.pairs.keys()].sort(byteCompare);
  return `{${keys.map((k) => `${quote(k)}: ${render(v.pairs.get(k)!)}`).join(", ")}}`;
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** numeric_in then numeric_out: the display scale is the fraction's digits less the exponent, at least 0. */
function numeric(lexeme: string): string {
  const m = NUMBER.exec(lexeme)!;
  const scale = Math.max(0, (m[2]?.length ?? 0) - Number(m[3] ?? 0));
  const n = new Big(lexeme);
  const s = n.toFixed(scale);
  return n.eq(0) ? s.replace(/^-/, "") : s;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private ws() {
    while (this.i < this.s.length && WS.test(this.s[this.i]!)) this.i++;
  }

  end() {
    this.ws();
    if (this.i !== this.s.length) throw new Error("trailing text");
  }

  value(): Json {
    this.ws();
    const ch = this.s[this.i];
    if (ch === "{") return this.object();
    if (ch === "[") return this.array();
    if (ch === '"') return { t: "lit", text: quote(this.string()) };
    for (const word of ["true", "false", "null"])
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return { t: "lit", text: word };
      }
    const m = NUMBER.exec(this.s.slice(this.i, this.i + 1100));
    if (!m) throw new Error("not JSON");
    this.i += m[0].length;
    return { t: "lit", text: numeric(m[0]) };
  }

  private object(): Json {
    const pairs = new Map<string, Json>();
    this.i++;
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return { t: "obj", pairs };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw new Error("key expected");
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ":") throw new Error(": expected");
      pairs.delete(key);
      pairs.set(key, this.value());
      this.ws();
      const next = this.s[this.i++];
      if (next === "}") return { t: "obj", pairs };
      if (next !== ",") throw new Error(", expected");
    }
  }

  private array(): Json {
    const items: Json[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return { t: "arr", items };
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      const next = this.s[this.i++];
      if (next === "]") return { t: "arr", items };
      if (next !== ",") throw new Error(", expected");
    }
  }

  private string(): string {
    let out = "";
    this.i++;
    for (;;) {
      const ch = this.s[this.i++];
      if (ch === undefined) throw new Error("unterminated string");
      if (ch === '"') return out;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const esc = this.s[this.i++];
      if (esc === "u") {
        out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
        this.i += 4;
      } else
        out +=
          { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", "/": "/" }[esc ?? ""] ?? "";
    }
  }
}
