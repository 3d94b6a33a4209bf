import { DomainError } from "@/server/errors";

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

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
