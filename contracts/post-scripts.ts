import * as z from "zod";

/** SQL the migration applies after the data, e.g. the application's own schema migration. */
export const PostScript = z.object({
  name: z.string().trim().min(1, { error: "Name the script." }).max(120),
  sql: z.string().min(1, { error: "The script has no SQL." }).max(1_000_000),
});
export type PostScript = z.infer<typeof PostScript>;

export const PostScripts = z
  .array(PostScript)
  .max(50)
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, {
    error: "Two scripts have the same name.",
  });
export type PostScripts = z.infer<typeof PostScripts>;

/** Line and column of a 1-based character position in `text`, as PostgreSQL reports errors. */
export function lineOfPosition(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1));
  const lines = before.split("\n");
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}
