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
