import type { SourceDefault } from "@/server/catalog/catalog";

/** Removes parentheses that wrap the whole text: "((0))" → "0", but "(a) + (b)" stays. */
export function unwrapParens(text: string): string {
  let s = text.trim();
  while (s.startsWith("(") && s.endsWith(")")) {
    let depth = 0;
    let inString = false;
    let closesAtEnd = true;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === "'") inString = !inString;
      if (inString) continue;
      if (ch === "(") depth++;
      if (ch === ")") depth--;
      if (depth === 0 && i < s.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    s = s.slice(1, -1).trim();
  }
  return s;
}

/** The value of one standard SQL string literal ('it''s'), or null when the text is not exactly one. */
export function stringLiteral(text: string): string | null {
  const m = /^'((?:[^']|'')*)'$/s.exec(text);
  return m ? m[1]!.replaceAll("''", "'") : null;
}

export const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number or string literal as a SourceDefault; null when the text is something else. */
export function literalDefault(text: string, original: string): SourceDefault | null {
  if (NUMBER_LITERAL.test(text)) return { original, kind: "number", text };
  const value = stringLiteral(text);
  return value === null ? null : { original, kind: "string", value };
}
