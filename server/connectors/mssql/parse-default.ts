import type { DefaultFunction, SourceDefault } from "@/server/catalog/catalog";
import { literalDefault, stringLiteral, unwrapParens } from "@/server/connectors/default-literals";

const FUNCTIONS: Record<string, DefaultFunction> = {
  "getdate()": "now",
  "sysdatetime()": "now",
  "sysdatetimeoffset()": "now",
  current_timestamp: "now",
  "getutcdate()": "utc_now",
  "sysutcdatetime()": "utc_now",
  "newid()": "uuid",
  "newsequentialid()": "uuid",
};

/**
 * sys.default_constraints.definition, which SQL Server always wraps in parentheses: ((0)), ('abc'),
 * (N'abc'), (getdate()). Anything but a literal or a function listed here is an expression.
 */
export function parseMssqlDefault(definition: string | null | undefined): SourceDefault | undefined {
  if (definition === null || definition === undefined) return undefined;
  const original = definition;
  const text = unwrapParens(definition);
  if (/^null$/i.test(text)) return undefined;
  const fn = FUNCTIONS[text.toLowerCase().replace(/\s+/g, "")];
  if (fn) return { original, kind: "function", name: fn };
  if (/^N'/i.test(text)) {
    const value = stringLiteral(text.slice(1));
    if (value !== null) return { original, kind: "string", value };
  }
  return literalDefault(text, original) ?? { original, kind: "expression" };
}
