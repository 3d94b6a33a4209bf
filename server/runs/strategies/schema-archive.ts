import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "@/server/config/env";
import type { PostgresSource } from "@/server/connectors/postgres/postgres-source";
import {
  dumpPreDataScript,
  dumpSchemaArchive,
  listArchive,
  printEntries,
  type DumpSection,
} from "@/server/connectors/postgres/pg-tools";
import { excludedObjects, scopeConflicts, type ScopeExclusions } from "@/server/connectors/postgres/scope";
import { serverScript } from "@/server/connectors/postgres/restore-script";
import { filterTocList } from "@/server/connectors/postgres/toc-filter";
import type { Timescale } from "@/server/connectors/postgres/timescale/read-timescale";
import { DomainError } from "@/server/errors";
import { applyScript } from "@/server/target/apply-script";
import type { RunContext } from "../run-context";

const runDir = (runId: string) => path.join(dataDir(), "runs", runId);
const archiveFile = (runId: string) => path.join(runDir(runId), "schema.dump");

/**
 * The scope's excluded objects, read at the run's snapshot; refuses a scope that would restore half-way.
 * With `timescale`, also what the restore must leave to TimescaleDB: its internal schemas, the continuous
 * aggregates' views and stray chunks, which Ferry rebuilds after the data.
 */
export async function scopeExclusions(
  ctx: RunContext,
  timescale: Timescale | null = null,
): Promise<ScopeExclusions> {
  const source = ctx.source as PostgresSource;
  const scope = timescale
    ? {
        ...ctx.scope,
        excludeSchemas: [...ctx.scope.excludeSchemas, ...timescale.internalSchemas],
        excludeTables: [...ctx.scope.excludeTables, ...timescale.restoreExcludes],
      }
    : ctx.scope;
  return source.withSession(async (c) => {
    const excluded = await excludedObjects(c, scope);
    const conflicts = await scopeConflicts(c, excluded);
    if (conflicts.length)
      throw new DomainError(
        400,
        "scope_conflict",
        `The selection leaves out objects that selected ones need; nothing was written. ${conflicts.join("; ")}. Include those tables, or leave the dependent views or tables out too.`,
      );
    return excluded;
  });
}

// An archive never changes once in place: its table of contents is read once per run and process.
const tocLists = new Map<string, Promise<string>>();

// One dump per run and process, shared by whoever asks first: the run starts it as soon as the snapshot exists.
const archives = new Map<string, Promise<string>>();

/**
 * pg_dump once per run, at the snapshot; a resumed run whose archive is gone dumps again. Also reads its
 * table of contents, which every restore filters.
 */
export function startSchemaArchive(runId: string, source: PostgresSource): Promise<string> {
  const file = archiveFile(runId);
  let archive = archives.get(file);
  if (!archive) {
    archive = (async () => {
      if (!existsSync(file)) {
        await mkdir(runDir(runId), { recursive: true });
        await dumpSchemaArchive({
          source: source.settings,
          snapshot: source.snapshot.id,
          file: `${file}.part`,
        });
        await rename(`${file}.part`, file);
      }
      if (!tocLists.has(file)) {
        const list = listArchive(file);
        list.catch(() => undefined); // read ahead: whoever needs the list gets its error
        tocLists.set(file, list);
      }
      return file;
    })();
    archives.set(file, archive);
    archive.catch(() => archives.delete(file));
  }
  return archive;
}

// The whole database's pre-data script, dumped beside the archive for a run that restores everything.
const preDataScripts = new Map<string, Promise<string>>();

/** Starts dumping the whole database's pre-data SQL at the snapshot (see dumpPreDataScript). */
export function startPreDataScript(runId: string, source: PostgresSource, ownersAndGrants: boolean): void {
  if (preDataScripts.has(runId)) return;
  const script = dumpPreDataScript({
    source: source.settings,
    snapshot: source.snapshot.id,
    ownersAndGrants,
  });
  script.catch(() => undefined); // a failure only sends the restore through the archive
  preDataScripts.set(runId, script);
}

/** The pre-data script started for this run, once; null when none was started or it failed. */
export async function takePreDataScript(runId: string): Promise<string | null> {
  const script = preDataScripts.get(runId);
  preDataScripts.delete(runId);
  return script ? script.catch(() => null) : null;
}

export const ensureSchemaArchive = (ctx: RunContext): Promise<string> =>
  startSchemaArchive(ctx.runId, ctx.source as PostgresSource);

/** The archive's table of contents without the entries the scope leaves out. */
export async function scopedTocList(ctx: RunContext, excluded: ScopeExclusions) {
  const file = await ensureSchemaArchive(ctx);
  if (!tocLists.has(file)) tocLists.set(file, listArchive(file));
  const list = await tocLists.get(file)!.catch((err: Error) => {
    tocLists.delete(file);
    throw err;
  });
  return filterTocList(list, excluded);
}

/** The SQL of the given lines of the archive's table of contents (post-data entries), in their order. */
export async function printTocEntries(
  ctx: RunContext,
  name: string,
  lines: readonly string[],
): Promise<string> {
  const file = await ensureSchemaArchive(ctx);
  const listFile = path.join(runDir(ctx.runId), `${name}.list`);
  await writeFile(listFile, `${lines.join("\n")}\n`);
  return printEntries({ file, listFile, section: "post-data", ownersAndGrants: ctx.options.ownersAndGrants });
}

type SectionExtra = { after?: string; rewriteLine?: (line: string) => string };

/**
 * Restores one section of the archive, without the entries the scope leaves out, in one transaction on one
 * of the run's target sessions: the target gets the whole section or none of it.
 */
export async function restoreSchemaSection(
  ctx: RunContext,
  section: DumpSection,
  excluded: ScopeExclusions,
  extra: SectionExtra = {},
): Promise<{ dropped: number }> {
  const { sql, dropped } = await printSchemaSection(ctx, section, excluded, extra);
  await applySchemaSection(ctx, section, sql);
  return { dropped };
}

/** Runs a printed section (printSchemaSection) in one transaction on one of the run's target sessions. */
export async function applySchemaSection(ctx: RunContext, section: DumpSection, sql: string): Promise<void> {
  await ctx.pool.run((c) => applyScript(c, sql, `${section} schema`));
}

/** The SQL that restores one section of the archive without the entries the scope leaves out. */
export async function printSchemaSection(
  ctx: RunContext,
  section: DumpSection,
  excluded: ScopeExclusions,
  extra: SectionExtra = {},
): Promise<{ sql: string; dropped: number }> {
  const file = await ensureSchemaArchive(ctx);
  const ownersAndGrants = ctx.options.ownersAndGrants;
  // The whole pre-data section prints while the table of contents is read and filtered: what a run of the
  // whole database restores, printed without waiting for the list.
  const whole = section === "pre-data" ? printEntries({ file, section, ownersAndGrants }) : null;
  whole?.catch(() => undefined);
  const { list, dropped } = await scopedTocList(ctx, excluded);
  const listFile = path.join(runDir(ctx.runId), `${section}.list`);
  const printed =
    whole && dropped === 0
      ? await whole
      : await writeFile(listFile, list).then(() =>
          printEntries({ file, listFile, section, ownersAndGrants }),
        );
  const script = serverScript(printed);
  const sql = extra.rewriteLine ? script.split("\n").map(extra.rewriteLine).join("\n") : script;
  // `after` runs in the same transaction, once the section has emptied search_path.
  return { sql: extra.after ? `${sql}\n${extra.after}` : sql, dropped };
}

/** The archive holds only DDL, but nothing of a finished run is kept on the worker's disk. */
export async function removeSchemaArchive(runId: string): Promise<void> {
  // A dump or listing started ahead may still be running: let it end before its files go.
  await archives.get(archiveFile(runId))?.catch(() => undefined);
  await tocLists.get(archiveFile(runId))?.catch(() => undefined);
  await takePreDataScript(runId);
  archives.delete(archiveFile(runId));
  tocLists.delete(archiveFile(runId));
  await rm(runDir(runId), { recursive: true, force: true });
}
