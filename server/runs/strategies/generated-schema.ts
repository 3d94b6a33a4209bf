import { tableKey } from "@/server/catalog/catalog";
import { qualified } from "@/server/plan/identifiers";
import { buildForeignKeys, buildTableKeys } from "@/server/target/post-data";
import { prepareTarget } from "@/server/target/prepare-target";
import { retryTransient } from "../retry-transient";
import type { RunStrategy } from "../run-context";
import { copiedTables, copyOne, verifyTables } from "../run-tables";

/**
 * Engines without pg_dump: DDL generated from the catalog, keys built per table as soon as its data is in, and
 * the table analyzed then, behind any key or index build waiting for a session (its FKs, validated after every
 * table is in, then plan with its statistics).
 */
export const generatedSchema: RunStrategy = {
  async schema(ctx) {
    const { dropped } = await ctx.pool.run((c) => prepareTarget(c, ctx.plan, ctx.options.ifTargetExists));
    if (dropped.length)
      await ctx.rec.log("warn", `Dropped and recreated existing target table(s): ${dropped.join(", ")}.`);
    await ctx.rec.log(
      "info",
      `Created ${ctx.plan.tables.length} table(s) in schema "${ctx.plan.schema}" of ${ctx.target.host}:${ctx.target.port}/${ctx.target.database}.`,
    );
  },

  // Largest first; each table's indexes build while other tables are still copying.
  async data(ctx) {
    const copied = await copiedTables(ctx);
    const started = performance.now();
    let copying = ctx.plan.tables.length;
    let growing: Promise<void> = Promise.resolve();
    try {
      await Promise.all(
        [...ctx.plan.tables]
          .sort((a, b) => b.rowCount - a.rowCount)
          .map(async (t) => {
            if (!copied.has(tableKey(t.source)))
              await retryTransient(ctx.rec, `Table ${tableKey(t.source)}`, () =>
                ctx.pool.run((client) => copyOne(ctx, client, t)),
              );
            // Every row is in: the last tables' index builds get one more session.
            if (--copying === 0) growing = ctx.pool.grow();
            await buildTableKeys(ctx.pool, t.schema, t);
            // A failure only leaves the table to the run's ANALYZE.
            if (ctx.options.analyzeInRun)
              await ctx.pool
                .run((c) => c.query(`ANALYZE ${qualified(t.schema, t.target)}`), { priority: -1 })
                .then(() => ctx.analyzed.add(tableKey(t.source)))
                .catch(() => undefined);
          }),
      );
    } finally {
      await growing; // its session is the run's to close
    }
    const rows = ctx.plan.tables.reduce((n, t) => n + t.rowCount, 0);
    const indexes = ctx.plan.tables.reduce((n, t) => n + t.indexes.length + (t.primaryKey ? 1 : 0), 0);
    await ctx.rec.log(
      "info",
      `Copied ${rows.toLocaleString("en")} rows and built ${indexes} index(es) in ${seconds(started)} s.`,
    );
  },

  async postData(ctx) {
    const started = performance.now();
    const fks = await buildForeignKeys(ctx.pool, ctx.plan);
    for (const fk of fks.filter((f) => !f.valid))
      await ctx.rec.log("warn", `Foreign key ${fk.name} on "${fk.table}" ${fk.problem}`);
    await ctx.rec.log(
      "info",
      `Validated ${fks.filter((f) => f.valid).length} of ${fks.length} foreign key(s) in ${seconds(started)} s.`,
    );
  },

  async verify(ctx) {
    const started = performance.now();
    const { tables, checks } = await verifyTables(ctx, () => ({
      kind: "node",
      connector: ctx.source,
      batchRows: ctx.options.batchSize,
    }));
    await ctx.rec.log(
      "info",
      `Verified ${tables.length} table(s) by key-range segments and ${checks.length} integrity check(s) in ${seconds(started)} s.`,
    );
    return {
      tables,
      checks,
      consistency:
        ctx.source.consistency ?? "The source file was read as uploaded; it cannot change during the run.",
    };
  },
};

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
