import type pg from "pg";
import { DomainError } from "@/server/errors";
import { readServerMajor } from "../server-major";

export type TargetTimescale = {
  /** Versions whose install scripts the target has (pg_available_extension_versions). */
  available: string[];
  /** Already installed in the target database, if it is. */
  installed: string | null;
};

/**
 * A TimescaleDB database moves between servers only at the same extension version: its catalog, its
 * functions and the way it stores compressed chunks are per version. Null when the target can match.
 */
export function timescaleVersionProblem(
  source: string,
  target: TargetTimescale,
  pgMajor: number,
): string | null {
  if (target.installed && target.installed !== source)
    return `The source runs TimescaleDB ${source}, but the target database already has TimescaleDB ${target.installed} installed. Use an empty target database, or bring both sides to the same version (ALTER EXTENSION timescaledb UPDATE TO '…' on the older one).`;
  if (target.available.includes(source)) return null;
  const offers = target.available.length
    ? `it offers only ${[...target.available].sort(compareVersions).join(", ")}`
    : "it offers no TimescaleDB version at all";
  return `The source runs TimescaleDB ${source}; the target cannot create that version (${offers}). A TimescaleDB database restores only into the same version: install TimescaleDB ${source} for PostgreSQL ${pgMajor} on the target (Timescale's package timescaledb-2-postgresql-${pgMajor} at version ${source}, or a build of tag ${source}), or update the source to a version the target offers (ALTER EXTENSION timescaledb UPDATE TO '<version>'), then run again.`;
}

/** Orders "2.9.1" before "2.28.3" (numerically, part by part). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export async function readTargetTimescale(target: pg.Client): Promise<TargetTimescale> {
  const { rows } = await target.query<{ available: string[] | null; installed: string | null }>(
    `SELECT (SELECT array_agg(version ORDER BY version) FROM pg_available_extension_versions WHERE name = 'timescaledb') AS available,
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS installed`,
  );
  return { available: rows[0]?.available ?? [], installed: rows[0]?.installed ?? null };
}

/** Fails before anything is written when the target cannot create the source's TimescaleDB version. */
export async function assertTimescaleVersion(source: string, target: pg.Client): Promise<void> {
  const pgMajor = await readServerMajor(target);
  const problem = timescaleVersionProblem(source, await readTargetTimescale(target), pgMajor);
  if (problem) throw new DomainError(400, "timescaledb_version", `${problem} Nothing was written.`);
}
