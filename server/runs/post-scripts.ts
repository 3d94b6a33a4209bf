import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type pg from "pg";
import { lineOfPosition, type PostScript } from "@/contracts/post-scripts";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { auditEvents } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import type { RunContext } from "./run-context";

export const scriptSha256 = (s: PostScript) => createHash("sha256").update(s.sql).digest("hex");

/** PostgreSQL's error with where it happened in the script, never the script itself. */
export function describeScriptError(script: PostScript, err: unknown): string {
  const e = err as Error & { position?: string; code?: string };
  const at = e.position ? lineOfPosition(script.sql, Number(e.position)) : null;
  return `Post-script "${script.name}" failed${at ? ` at line ${at.line}, column ${at.column}` : ""}: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ""}. Its changes were rolled back; scripts after it did not run.`;
}

/**
 * The migration's own SQL after the data (e.g. the application's schema migration), in order, each in its
 * own transaction, each audited by name and sha256. The first failure fails the run with its name.
 */
export async function runPostScripts(ctx: RunContext): Promise<void> {
  const scripts = ctx.options.postScripts;
  if (!scripts.length) return;
  const applied = await appliedScripts(ctx.runId);
  const oidsBefore = await ctx.pool.run(objectOids);
  for (const [i, script] of scripts.entries()) {
    const sha256 = scriptSha256(script);
    if (applied.has(`${script.name}\u0000${sha256}`)) {
      await ctx.rec.log(
        "info",
        `Post-script "${script.name}" was applied by an earlier attempt; not run again.`,
      );
      continue;
    }
    await ctx.rec.step(
      {
        label: `Post-scripts: ${i} of ${scripts.length} applied`,
        detail: script.name,
        done: i,
        total: scripts.length,
      },
      true,
    );
    const started = performance.now();
    let error: string | null = null;
    await ctx.pool.run(async (c) => {
      await c.query("BEGIN");
      try {
        await c.query(script.sql);
        await c.query("COMMIT");
      } catch (err) {
        await c.query("ROLLBACK").catch(() => undefined);
        error = describeScriptError(script, err);
      }
    });
    const durationMs = Math.round(performance.now() - started);
    await recordAudit(db(), {
      actor: null,
      action: "run.post_script",
      objectType: "run",
      objectId: ctx.runId,
      details: {
        name: script.name,
        position: i + 1,
        sha256,
        durationMs,
        outcome: error ? "failed" : "succeeded",
      },
    });
    if (error) throw new DomainError(422, "post_script_failed", error);
    await ctx.rec.log(
      "info",
      `Post-script ${i + 1} of ${scripts.length} "${script.name}" (sha256 ${sha256.slice(0, 12)}…) applied in ${(durationMs / 1000).toFixed(1)} s.`,
    );
  }
  const oidsAfter = await ctx.pool.run(objectOids);
  ctx.postScriptOids = new Set([...oidsAfter].filter((o) => !oidsBefore.has(o)));
  if (ctx.postScriptOids.size)
    await ctx.rec.log(
      "info",
      `The post-scripts created ${ctx.postScriptOids.size} catalog object(s); verification leaves them out where it compares the target's objects with the source's.`,
    );
  await ctx.rec.step(null);
}

// Every catalog the object comparison counts from; OIDs are unique across them in practice.
const OBJECT_OIDS_SQL = [
  "pg_class",
  "pg_constraint",
  "pg_trigger",
  "pg_policy",
  "pg_proc",
  "pg_type",
  "pg_namespace",
]
  .map((t) => `SELECT oid::text FROM ${t}`)
  .join(" UNION ALL ");

async function objectOids(c: pg.Client): Promise<Set<string>> {
  const { rows } = await c.query<{ oid: string }>(OBJECT_OIDS_SQL);
  return new Set(rows.map((r) => r.oid));
}

/** Scripts an interrupted attempt of this run already committed (the audit trail is their durable record). */
async function appliedScripts(runId: string): Promise<Set<string>> {
  const rows = await db()
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "run.post_script"), eq(auditEvents.objectId, runId)));
  return new Set(
    rows
      .filter((r) => r.details.outcome === "succeeded")
      .map((r) => `${r.details.name}\u0000${r.details.sha256}`),
  );
}
