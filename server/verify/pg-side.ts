import type pg from "pg";
import type { TablePlan } from "@/server/plan/build-plan";
import { qualified, quoteIdent } from "@/server/plan/identifiers";
import type { ValueKind } from "@/server/typemap/value-kind";
import type { RangeHash, RangeSide } from "./bisect";
import { canonicalSql } from "./canonical";
import type { CanonicalRow } from "./diff-rows";
import type { Key, KeyRange } from "./key-order";
import { bucketAggSql, bucketSql } from "./multiset";
import { segmentLineSql } from "./segment-line";

// Character types sort by collation; "C" makes PostgreSQL order them bytewise, like SQLite's BINARY.
export const COLLATABLE = /^(text|character varying|varchar|character|char|bpchar|citext|name)\b/i;

/** Canonical text back to a value PostgreSQL's input function for the column type takes. */
function sqlInput(kind: ValueKind, canonical: string): string {
  switch (kind) {
    case "timestamptz":
      return `${canonical}+00`;
    case "bytea":
      return `\\x${canonical}`;
    case "float":
      return String(Buffer.from(canonical, "hex").readDoubleBE(0));
    default:
      return canonical;
  }
}

/**
 * One PostgreSQL side of a table's comparison (the target, or a PostgreSQL source on its snapshot
 * session): PostgreSQL renders every row canonically and hashes key ranges itself, so only hashes
 * cross the wire until a range is narrowed down to its rows.
 */
export class PgSide implements RangeSide {
  readonly kinds: ValueKind[];
  private readonly keyCols: TablePlan["columns"];
  private readonly from: string;
  private readonly exprs: string[];
  private readonly line: string;

  constructor(
    private readonly client: pg.Client,
    schema: string,
    private readonly t: TablePlan,
  ) {
    this.keyCols = (t.primaryKey ?? []).map((k) => t.columns.find((c) => c.source === k)!);
    this.kinds = this.keyCols.map((c) => c.kind);
    this.from = `${qualified(schema, t.target)} AS r`;
    this.exprs = t.columns.map((c) => `${canonicalSql(c.kind, `r.${quoteIdent(c.target)}`, true)}`);
    this.line = segmentLineSql(this.exprs);
  }

  private keyExpr(c: TablePlan["columns"][number]): string {
    const col = `r.${quoteIdent(c.target)}`;
    return COLLATABLE.test(c.pgType) ? `${col} COLLATE "C"` : col;
  }

  private get keyTuple(): string {
    return `(${this.keyCols.map((c) => this.keyExpr(c)).join(", ")})`;
  }

  private get order(): string {
    return this.keyCols.map((c) => this.keyExpr(c)).join(", ");
  }

  /** A key as a row of typed parameters, appended to `params`. */
  private bound(key: Key, params: unknown[]): string {
    const parts = this.keyCols.map((c, i) => {
      params.push(sqlInput(c.kind, key[i]!));
      return `$${params.length}::text::${c.pgType}`;
    });
    return `(${parts.join(", ")})`;
  }

  private where(range: KeyRange, params: unknown[]): string {
    const conds = [
      range.lo ? `${this.keyTuple} >= ${this.bound(range.lo, params)}` : "",
      range.hi ? `${this.keyTuple} < ${this.bound(range.hi, params)}` : "",
    ].filter(Boolean);
    return conds.length ? `WHERE ${conds.join(" AND ")}` : "";
  }

  /** The segment of each row: how many of the (sorted) bounds are at or below its key. */
  private bucket(bounds: readonly Key[], params: unknown[]): string {
    if (!bounds.length) return "0";
    const arrays = this.keyCols.map((c, i) => {
      params.push(bounds.map((b) => sqlInput(c.kind, b[i]!)));
      return `$${params.length}::text[]`;
    });
    if (this.keyCols.length === 1)
      return `width_bucket(${this.keyExpr(this.keyCols[0]!)}, ${arrays[0]}::${this.keyCols[0]!.pgType}[])`;
    const names = this.keyCols.map((_, i) => `k${i}`);
    const row = this.keyCols
      .map((c, i) => `u.${names[i]}::${c.pgType}${COLLATABLE.test(c.pgType) ? ' COLLATE "C"' : ""}`)
      .join(", ");
    return `width_bucket(${this.keyTuple.replace(/^\(/, "ROW(")}, (SELECT array_agg(ROW(${row}) ORDER BY u.ord) FROM unnest(${arrays.join(", ")}) WITH ORDINALITY AS u(${names.join(", ")}, ord)))`;
  }

  /** The key columns as k0, k1… of a subquery, and its order over them. */
  private get keySelect(): string {
    return this.keyCols.map((c, i) => `r.${quoteIdent(c.target)} AS k${i}`).join(", ");
  }

  private get subOrder(): string {
    return this.keyCols.map((c, i) => `s.k${i}${COLLATABLE.test(c.pgType) ? ' COLLATE "C"' : ""}`).join(", ");
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    return (await this.client.query<R>({ text, values })).rows;
  }

  /** Keys that start a new segment every `every` rows, in key order. */
  async boundaries(every: number): Promise<Key[]> {
    const keys = this.keyCols.map((c, i) => `${canonicalSql(c.kind, `x.k${i}`, true)}`);
    const rows = await this.client.query<string[]>({
      text: `SELECT ${keys.join(", ")} FROM (SELECT ${this.keySelect}, row_number() OVER (ORDER BY ${this.order}) AS rn FROM ${this.from}) x WHERE x.rn > 1 AND (x.rn - 1) % $1 = 0 ORDER BY x.rn`,
      values: [every],
      rowMode: "array",
    });
    return rows.rows;
  }

  /** Row count and hash of every non-empty segment between `bounds`, by segment number (0 = below the first). */
  async segmentHashes(
    bounds: readonly Key[],
    within: KeyRange = { lo: null, hi: null },
  ): Promise<Map<number, RangeHash>> {
    const params: unknown[] = [];
    const bucket = this.bucket(bounds, params);
    const where = this.where(within, params);
    const rows = await this.query<{ seg: number; n: string; h: string }>(
      `SELECT s.seg, count(*)::text AS n, encode(sha256(convert_to(string_agg(s.line, '' ORDER BY ${this.subOrder}), 'UTF8')), 'hex') AS h
         FROM (SELECT ${bucket} AS seg, ${this.line} AS line, ${this.keySelect} FROM ${this.from} ${where}) s
        GROUP BY s.seg`,
      params,
    );
    return new Map(rows.map((r) => [r.seg, { rows: Number(r.n), hash: r.h }]));
  }

  async hash(ranges: readonly KeyRange[]): Promise<RangeHash[]> {
    return Promise.all(
      ranges.map(async (range) => {
        const params: unknown[] = [];
        const [row] = await this.query<{ n: string; h: string }>(
          `SELECT count(*)::text AS n, encode(sha256(convert_to(coalesce(string_agg(s.line, '' ORDER BY ${this.subOrder}), ''), 'UTF8')), 'hex') AS h
             FROM (SELECT ${this.line} AS line, ${this.keySelect} FROM ${this.from} ${this.where(range, params)}) s`,
          params,
        );
        return { rows: Number(row!.n), hash: row!.h };
      }),
    );
  }

  async splitKey(range: KeyRange, rows: number): Promise<Key | null> {
    const params: unknown[] = [];
    const where = this.where(range, params);
    params.push(Math.floor(rows / 2));
    const keys = this.keyCols.map((c) => canonicalSql(c.kind, `r.${quoteIdent(c.target)}`, true));
    const res = await this.client.query<string[]>({
      text: `SELECT ${keys.join(", ")} FROM ${this.from} ${where} ORDER BY ${this.order} OFFSET $${params.length} LIMIT 1`,
      values: params,
      rowMode: "array",
    });
    const key = res.rows[0];
    // The first key of the range cannot split it.
    return key && Math.floor(rows / 2) > 0 ? key : null;
  }

  async rows(range: KeyRange, limit?: number): Promise<CanonicalRow[]> {
    const params: unknown[] = [];
    const keyIdx = this.keyCols.map((c) => this.t.columns.indexOf(c));
    const where = this.where(range, params);
    const cap = limit === undefined ? "" : ` LIMIT ${Math.floor(limit)}`;
    const res = await this.client.query<(string | null)[]>({
      text: `SELECT ${this.exprs.join(", ")} FROM ${this.from} ${where} ORDER BY ${this.order}${cap}`,
      values: params,
      rowMode: "array",
    });
    return res.rows.map((values) => ({ key: keyIdx.map((i) => values[i]!), values }));
  }

  /** Per hash bucket of the canonical rows (tables without a key): "count:sum:sum". */
  async bucketHashes(): Promise<Map<number, string>> {
    const md5 = `md5(${this.line})`;
    const rows = await this.query<{ b: number; h: string }>(
      `SELECT s.b, ${bucketAggSql("s.m")} AS h FROM (SELECT ${bucketSql(md5)} AS b, ${md5} AS m FROM ${this.from}) s GROUP BY s.b`,
      [],
    );
    return new Map(rows.map((r) => [r.b, r.h]));
  }

  /** The canonical lines of some buckets, at most `limit`. */
  async bucketLines(buckets: readonly number[], limit: number): Promise<{ bucket: number; line: string }[]> {
    const rows = await this.query<{ b: number; line: string }>(
      `SELECT s.b, s.line FROM (SELECT ${bucketSql(`md5(${this.line})`)} AS b, ${this.line} AS line FROM ${this.from}) s WHERE s.b = ANY($1::int[]) LIMIT $2`,
      [buckets, limit],
    );
    return rows.map((r) => ({ bucket: r.b, line: r.line }));
  }
}
