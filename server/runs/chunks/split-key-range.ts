export type KeyRange = { lo: string | null; hi: string | null };

/**
 * Splits the integer keys [min, max] into `parts` ranges of equal width, lo inclusive and hi exclusive.
 * The outer bounds stay open (null) so no row can fall outside every range.
 */
export function splitKeyRange(min: bigint, max: bigint, parts: number): KeyRange[] {
  if (max < min) throw new RangeError(`max (${max}) is below min (${min})`);
  const span = max - min + 1n;
  const n = BigInt(Math.max(1, Math.min(parts, Number(span < 1_000_000n ? span : 1_000_000n))));
  const bounds: bigint[] = [];
  for (let i = 1n; i < n; i++) bounds.push(min + (span * i) / n);
  const edges = [null, ...bounds.map(String), null];
  return edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1]! }));
}

/**
 * How many chunks a table of `rows` rows gets at about `chunkRows` rows per chunk. A split table gets a
 * multiple of `parallel`, so its ranges copy side by side and finish together: its indexes can start sooner.
 */
export function chunkCount(rows: number, chunkRows: number, parallel = 1): number {
  const n = Math.max(1, Math.ceil(rows / Math.max(1, chunkRows)));
  return n > 1 ? Math.ceil(n / parallel) * parallel : n;
}
