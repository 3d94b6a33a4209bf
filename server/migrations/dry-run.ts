import { type DryRunResult, type MigrationOptions } from "@/contracts/migrations";
import { tableKey } from "@/server/catalog/catalog";
import { loadConnection } from "@/server/connections/load-connection";
import { openSource } from "@/server/connections/open-source";
import { connectPg } from "@/server/connectors/postgres/connect";
import { existingTargetTables, loadMigration, observedRate, planFromSource } from "./plan-migration";
import { REJECT_CAP } from "@/server/runs/reject-rows";

/**
 * Everything a run would decide before it writes — tables, rows, bytes, types, predicted rejects, what
 * would stop it — read from the source and the target without writing to either.
 */
export async function dryRun(migrationId: string): Promise<DryRunResult> {
  const { row: migration, options } = await loadMigration(migrationId);
  const [src, tgt] = await Promise.all([
    loadConnection(migration.sourceId),
    loadConnection(migration.targetId),
  ]);
  const blockers: string[] = [];
  const warnings: string[] = [];
  const source = await openSource(src);
  try {
    const { catalog, plan, planError } = await planFromSource(source, migration, options);
    if (!plan) return empty(migrationId, [planError!]);
    warnings.push(...(catalog.notes ?? []));
    warnings.push(...plan.skippedForeignKeys.map((fk) => `Foreign key ${fk} is left out.`));
    warnings.push(...plan.skippedDefaults);
    const rate = await observedRate(src.engine);
    const tables = [];
    for (const t of plan.tables) {
      const name = tableKey(t.source);
      const rejects = source.findRejects
        ? await source.findRejects(
            t.source,
            t.columns.map((c) => ({ name: c.source, kind: c.kind })),
            REJECT_CAP,
          )
        : [];
      const rejectedRows = new Set(rejects.map((r) => r.key)).size;
      if (rejectedRows > REJECT_CAP)
        blockers.push(
          `Table "${name}": more than ${REJECT_CAP} rows cannot land as planned; choose another type for the column(s) ${[...new Set(rejects.map((r) => r.column))].join(", ")}.`,
        );
      const notes = [];
      if (!t.primaryKey) notes.push("no primary key: verified with an order-independent checksum");
      if (t.identity) notes.push(`identity on ${t.identity}, continued past the largest value`);
      tables.push({
        name,
        targetName: `${t.schema}.${t.target}`,
        rows: t.rowCount,
        rowsEstimated: t.source.rowCountEstimated === true,
        bytes: source.estimateBytes ? await source.estimateBytes(t.source) : null,
        estimatedSeconds: rate ? t.rowCount / rate.rowsPerSecond : null,
        columns: t.columns.map((c, i) => ({
          name: c.source,
          declaredType: t.source.columns[i]?.declaredType ?? "",
          pgType: c.pgType,
          chosen: options.columnTypes[name]?.[c.source] !== undefined,
        })),
        predictedRejects: Math.min(rejectedRows, REJECT_CAP),
        rejectExamples: rejects.slice(0, 3).map((r) => `column "${r.column}": ${r.reason} (${r.value})`),
        notes,
      });
    }
    if (tgt.engine !== "postgres") blockers.push(`The target "${tgt.name}" is not PostgreSQL.`);
    else
      blockers.push(
        ...(await targetBlockers(tgt.settings, plan.tables, options, source.capabilities.schemaFromPgDump)),
      );
    const bytes = tables.every((t) => t.bytes !== null) ? tables.reduce((n, t) => n + t.bytes!, 0) : null;
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    return {
      migrationId,
      tables,
      totals: {
        rows,
        rowsEstimated: tables.some((t) => t.rowsEstimated),
        bytes,
        estimatedSeconds: rate ? rows / rate.rowsPerSecond : null,
        predictedRejects: tables.reduce((n, t) => n + t.predictedRejects, 0),
      },
      rateBasis: rate
        ? `${Math.round(rate.rowsPerSecond).toLocaleString("en")} rows/s, the copy rate of ${rate.runs} earlier ${src.engine} run(s) on this installation`
        : `No earlier ${src.engine} run on this installation to estimate time from; run a small migration first.`,
      bytesBasis: source.estimateBytes ? (source.bytesBasis ?? null) : null,
      blockers,
      warnings,
    };
  } finally {
    await source.close();
  }
}

function empty(migrationId: string, blockers: string[]): DryRunResult {
  return {
    migrationId,
    tables: [],
    totals: { rows: 0, rowsEstimated: false, bytes: null, estimatedSeconds: null, predictedRejects: 0 },
    rateBasis: "",
    bytesBasis: null,
    blockers,
    warnings: [],
  };
}

async function targetBlockers(
  settings: Parameters<typeof connectPg>[0],
  tables: { schema: string; target: string }[],
  options: MigrationOptions,
  pgSource: boolean,
): Promise<string[]> {
  let client;
  try {
    client = await connectPg(settings, "ferry-dry-run");
  } catch (err) {
    return [(err as Error).message];
  }
  try {
    if (options.ifTargetExists === "recreate" && !pgSource) return [];
    const rows = await existingTargetTables(client, tables);
    return rows.length
      ? [
          `The target already has ${rows.length} of these tables (${rows
            .slice(0, 5)
            .join(", ")}${rows.length > 5 ? ", …" : ""}); the run would stop before writing.`,
        ]
      : [];
  } finally {
    await client.end().catch(() => undefined);
  }
}
