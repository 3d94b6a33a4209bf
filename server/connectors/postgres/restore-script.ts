/**
 * pg_restore's SQL script (`--file=-`) cut back into its archive entries, so Ferry can run each entry on its
 * own session as soon as the entry's table is ready. pg_restore writes the entries in the list's order, each
 * under a header comment naming its type:
 *
 *   --
 *   -- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
 *   --
 *
 * Returns null when the script does not have exactly the expected entries in that order; the caller then
 * leaves those entries to a plain restore.
 */
export type RestoreScript = {
  /** The session settings pg_restore sets before the first entry (search_path, standard strings, …). */
  prologue: string;
  /** One SQL text per expected entry, in order; any SET that pg_restore put just before the entry included. */
  statements: string[];
};

const HEADER = /^-- Name: .*; Type: (.+?); Schema: .*; Owner: .*$/;
const ENTRY_NAME = /^-- Name: (.*); Type: (.+?); Schema: (.*); Owner: .*$/;

export function splitRestoreScript(script: string, expectedTypes: readonly string[]): RestoreScript | null {
  const lines = script.split("\n");
  const blocks: { type: string; lines: string[] }[] = [];
  const prologue: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] === "--" && lines[i + 2] === "--" ? HEADER.exec(lines[i + 1] ?? "") : null;
    if (header) {
      blocks.push({ type: header[1]!, lines: [] });
      i += 2;
    } else if (blocks.length) blocks.at(-1)!.lines.push(lines[i]!);
    // Before the first entry: the dump's title comments, psql's \restrict, then the session's SETs.
    else if (/^(SET|SELECT) /.test(lines[i]!)) prologue.push(lines[i]!);
  }
  if (blocks.length !== expectedTypes.length || blocks.some((b, i) => b.type !== expectedTypes[i]))
    return null;
  // After the last entry: the "dump complete" comment and psql's \unrestrict.
  const last = blocks.at(-1)?.lines ?? [];
  while (last.length && /^(--.*|\\unrestrict .*|\s*)$/.test(last.at(-1)!)) last.pop();
  // The tablespace (or access method) SET after an entry's statements is pg_restore preparing the next entry.
  for (let i = 0; i < blocks.length - 1; i++) {
    const own = blocks[i]!.lines;
    let cut = own.length;
    while (cut > 0 && /^(SET default_(tablespace|table_access_method) = .*;|\s*)$/.test(own[cut - 1]!)) cut--;
    blocks[i + 1]!.lines.unshift(...own.splice(cut));
  }
  const statements = blocks.map((b) => b.lines.join("\n").trim());
  if (statements.some((s) => !s)) return null;
  return { prologue: prologue.join("\n"), statements };
}

/**
 * pg_restore's script as SQL for the server itself: without the `\restrict KEY` and `\unrestrict KEY` lines
 * that fence psql's meta-commands out of a dump's content and mean nothing to the server. Any other
 * meta-command would fail as a syntax error, with nothing applied.
 */
export function serverScript(script: string): string {
  const key = /^\\restrict (\S+)$/m.exec(script)?.[1];
  if (!key) return script;
  const fence = new Set([`\\restrict ${key}`, `\\unrestrict ${key}`]);
  return script
    .split("\n")
    .filter((line) => !fence.has(line))
    .join("\n");
}

/** A script cut at pg_restore's entry headers: what comes before the first entry, then each entry's SQL. */
export function scriptEntries(script: string): { entry: string | null; sql: string }[] {
  const blocks: { entry: string | null; lines: string[] }[] = [{ entry: null, lines: [] }];
  const lines = script.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] === "--" && lines[i + 2] === "--" ? ENTRY_NAME.exec(lines[i + 1] ?? "") : null;
    if (header) {
      blocks.push({
        entry: `${header[2]} ${header[1]}${header[3] === "-" ? "" : ` in schema ${header[3]}`}`,
        lines: [],
      });
      i += 2;
    } else blocks.at(-1)!.lines.push(lines[i]!);
  }
  return blocks.map((b) => ({ entry: b.entry, sql: b.lines.join("\n") }));
}
