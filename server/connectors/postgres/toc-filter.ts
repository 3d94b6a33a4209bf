const ENTRY = /^\s*\d+;\s+(\d+)\s+(\d+)\s+(.*)$/;

/**
 * Keeps the archive entries whose source object is in scope. Most entries of `pg_restore --list` carry the
 * OID of their object, so the filter never has to parse names (which may hold spaces). The few that carry
 * none (ACL, SEQUENCE OWNED BY, TABLE ATTACH…) are matched by the "TYPE namespace tag" pg_dump gives them.
 */
export function filterTocList(
  list: string,
  excluded: { oids: ReadonlySet<string>; entryTags: readonly string[] },
): { list: string; dropped: number } {
  let dropped = 0;
  const kept = list.split("\n").filter((line) => {
    const m = ENTRY.exec(line);
    if (!m) return true;
    const out =
      m[2] === "0" ? excluded.entryTags.some((tag) => m[3]!.startsWith(`${tag} `)) : excluded.oids.has(m[2]!);
    if (out) dropped++;
    return !out;
  });
  return { list: kept.join("\n"), dropped };
}

/** An archive entry that makes an index (a CREATE INDEX, or a key, unique or exclusion constraint) or an FK. */
export type IndexEntry = {
  line: string;
  catalog: "pg_class" | "pg_constraint";
  oid: string;
  /** The entry's type, as pg_restore names it in the list and in its script. */
  type: "INDEX" | "CONSTRAINT" | "FK CONSTRAINT";
};

const PG_CLASS = "1259";
const PG_CONSTRAINT = "2606";

/**
 * The entries of a table of contents that build indexes, and the foreign keys, which need their referenced
 * table's key ("CHECK CONSTRAINT" and the rest stay with the post-data restore).
 */
export function indexEntries(list: string): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const line of list.split("\n")) {
    const m = ENTRY.exec(line);
    if (m?.[1] === PG_CLASS && m[3]!.startsWith("INDEX ") && !m[3]!.startsWith("INDEX ATTACH "))
      out.push({ line, catalog: "pg_class", oid: m[2]!, type: "INDEX" });
    else if (m?.[1] === PG_CONSTRAINT && m[3]!.startsWith("CONSTRAINT "))
      out.push({ line, catalog: "pg_constraint", oid: m[2]!, type: "CONSTRAINT" });
    else if (m?.[1] === PG_CONSTRAINT && m[3]!.startsWith("FK CONSTRAINT "))
      out.push({ line, catalog: "pg_constraint", oid: m[2]!, type: "FK CONSTRAINT" });
  }
  return out;
}
