"use client";

import type { PostScript } from "@/contracts/post-scripts";
import { Button } from "@/components/ui/button";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none";

/** The migration's post-scripts, in the order they run: name and SQL each, reorderable. */
export function PostScriptsEditor({
  scripts,
  onChange,
}: {
  scripts: PostScript[];
  onChange: (s: PostScript[]) => void;
}) {
  const update = (i: number, patch: Partial<PostScript>) =>
    onChange(scripts.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...scripts];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  return (
    <fieldset className="text-sm sm:col-span-2" data-testid="post-scripts">
      <legend className="font-medium text-slate-700">Post-migration scripts</legend>
      <p className="mt-1 text-xs text-slate-500">
        Run in this order after the data and keys, before verification, each in its own transaction (e.g. the
        application&apos;s schema migration). A failing script fails the run; a rollback undoes them.
      </p>
      <ol className="mt-2 space-y-3">
        {scripts.map((s, i) => (
          <li key={i} className="rounded-md border border-slate-200 p-3">
            <div className="flex items-center gap-2">
              <span className="text-xs text-slate-500">{i + 1}.</span>
              <input
                className={control}
                aria-label={`Script ${i + 1} name`}
                name={`postScripts.${i}.name`}
                value={s.name}
                onChange={(e) => update(i, { name: e.target.value })}
                placeholder="e.g. 0042_add_audit_table"
              />
              <Button
                variant="ghost"
                type="button"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label="Move up"
              >
                ↑
              </Button>
              <Button
                variant="ghost"
                type="button"
                disabled={i === scripts.length - 1}
                onClick={() => move(i, 1)}
                aria-label="Move down"
              >
                ↓
              </Button>
              <Button
                variant="danger"
                type="button"
                onClick={() => onChange(scripts.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            </div>
            <textarea
              className={`${control} mt-2 h-28 font-mono text-xs`}
              aria-label={`Script ${i + 1} SQL`}
              name={`postScripts.${i}.sql`}
              value={s.sql}
              onChange={(e) => update(i, { sql: e.target.value })}
              spellCheck={false}
              placeholder="ALTER TABLE …;"
            />
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        type="button"
        className="mt-2"
        onClick={() => onChange([...scripts, { name: `script ${scripts.length + 1}`, sql: "" }])}
      >
        Add a script
      </Button>
    </fieldset>
  );
}
