import type { KeyRangeFilter } from "@/server/connectors/connector";
import { quoteIdent } from "./identifiers";

/** ` WHERE key >= lo AND key < hi` for a chunk's range; bounds are integers, so they are inlined safely. */
export function keyRangeWhere(range: KeyRangeFilter | undefined): string {
  if (!range) return "";
  const col = quoteIdent(range.column);
  const parts = [
    range.lo === null ? null : `${col} >= ${BigInt(range.lo)}`,
    range.hi === null ? null : `${col} < ${BigInt(range.hi)}`,
  ].filter(Boolean);
  return parts.length ? ` WHERE ${parts.join(" AND ")}` : "";
}
