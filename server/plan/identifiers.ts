import { createHash } from "node:crypto";
import { DomainError } from "@/server/errors";

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** A PostgreSQL string literal that reads the same whatever standard_conforming_strings says. */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("NUL in a literal");
  const quoted = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}

const MAX_IDENTIFIER_BYTES = 63;

/** PostgreSQL truncates identifiers silently at 63 bytes; Ferry refuses instead, so no two names collide. */
export function assertIdentifier(name: string, what: string): string {
  if (name.includes("\0"))
    throw new DomainError(
      400,
      "invalid_identifier",
      `${what} contains a NUL byte, which PostgreSQL cannot store in a name.`,
    );
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_IDENTIFIER_BYTES)
    throw new DomainError(
      400,
      "identifier_too_long",
      `${what} "${name}" is ${bytes} bytes; PostgreSQL names are limited to ${MAX_IDENTIFIER_BYTES} bytes. Rename it in the source before migrating.`,
    );
  return name;
}

/**
 * A name Ferry makes up (index, constraint) from `base`: `base` itself when it fits, else the prefix and a
 * hash of all of `base`. A hash of a leading slice would give two long table names with the same start the
 * same index name, and CREATE INDEX IF NOT EXISTS would then silently skip the second table's index.
 */
export function derivedName(prefix: string, base: string): string {
  if (Buffer.byteLength(base, "utf8") <= MAX_IDENTIFIER_BYTES) return base;
  return `${prefix}_${createHash("sha256").update(base).digest("hex").slice(0, 32)}`;
}
