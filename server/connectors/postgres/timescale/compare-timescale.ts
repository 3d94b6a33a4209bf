import type pg from "pg";
import type { ReportCheckV1 } from "@/contracts/reports";
import type { Timescale, TsCompression, TsDimension, TsJob } from "./read-timescale";

const dimension = (d: TsDimension) =>
  d.partitions !== null
    ? `${d.column} hash ${d.partitions} partition(s)${d.partitionFunc ? ` by ${d.partitionFunc}` : ""}`
    : `${d.column} range ${d.interval}${d.partitionFunc ? ` by ${d.partitionFunc}` : ""}${d.integerNowFunc ? ` now=${d.integerNowFunc}` : ""}`;

const compression = (name: string, c: TsCompression) =>
  `${name} segmentby=[${c.segmentby}] orderby=[${c.orderby}]${c.chunkInterval ? ` chunk_interval=${c.chunkInterval}` : ""} sparse=${c.indexes}`;

const stable = (v: unknown): string =>
  v && typeof v === "object" && !Array.isArray(v)
    ? `{${Object.keys(v)
        .sort()
        .map((k) => `${k}:${stable((v as Record<string, unknown>)[k])}`)
        .join(",")}}`
    : JSON.stringify(v);

const job = (j: TsJob) =>
  `${j.kind} ${j.relation ?? j.proc} every ${j.scheduleInterval} max_runtime=${j.maxRuntime} retries=${j.maxRetries} retry_period=${j.retryPeriod}${j.scheduled ? "" : " paused"}${j.fixedSchedule ? " fixed" : ""} config=${stable(j.config)}`;

/** One check line from the descriptions of both sides: passes when they are the same set. */
function sameSet(name: string, what: string, source: string[], target: string[]): ReportCheckV1 {
  const t = new Set(target);
  const s = new Set(source);
  const missing = source.filter((x) => !t.has(x));
  const extra = target.filter((x) => !s.has(x));
  const ok = missing.length === 0 && extra.length === 0;
  return {
    name,
    ok,
    detail: ok
      ? `${source.length} ${what} identical on both sides${source.length ? `: ${source.join("; ")}` : ""}`
      : `${source.length} in the source, ${target.length} in the target${missing.length ? `; missing or different: ${missing.join("; ")}` : ""}${extra.length ? `; only in the target: ${extra.join("; ")}` : ""}`,
  };
}

/** TimescaleDB's objects compared by what a DBA would look at, one check line per kind. */
export function compareTimescale(src: Timescale, tgt: Timescale | null): ReportCheckV1[] {
  if (!tgt)
    return [
      {
        name: "timescaledb: version",
        ok: false,
        detail: `TimescaleDB ${src.version} in the source, not installed in the target`,
      },
    ];
  const compressed = (ts: Timescale) => ts.chunks.filter((c) => c.compressed);
  const targetCompressed = new Set(compressed(tgt).map((c) => `${c.relation} ${c.bounds}`));
  const notCompressed = compressed(src).filter((c) => !targetCompressed.has(`${c.relation} ${c.bounds}`));
  return [
    {
      name: "timescaledb: version",
      ok: src.version === tgt.version,
      detail: `TimescaleDB ${src.version} in the source, ${tgt.version} in the target`,
    },
    sameSet(
      "timescaledb: hypertables and dimensions",
      "hypertable(s)",
      src.hypertables.map((h) => `${h.name} (${h.dimensions.map(dimension).join(", ")})`),
      tgt.hypertables.map((h) => `${h.name} (${h.dimensions.map(dimension).join(", ")})`),
    ),
    sameSet(
      "timescaledb: compression settings",
      "compression setting(s)",
      [...src.hypertables, ...src.caggs].flatMap((h) =>
        h.compression ? [compression(h.name, h.compression)] : [],
      ),
      [...tgt.hypertables, ...tgt.caggs].flatMap((h) =>
        h.compression ? [compression(h.name, h.compression)] : [],
      ),
    ),
    sameSet(
      "timescaledb: continuous aggregates",
      "continuous aggregate(s)",
      src.caggs.map(
        (c) =>
          `${c.name} on ${c.base}${c.materializedOnly ? " materialized only" : " real-time"} chunk_interval=${c.chunkInterval} indexes=[${c.indexes.join(", ")}] definition=${c.definition.trim()}`,
      ),
      tgt.caggs.map(
        (c) =>
          `${c.name} on ${c.base}${c.materializedOnly ? " materialized only" : " real-time"} chunk_interval=${c.chunkInterval} indexes=[${c.indexes.join(", ")}] definition=${c.definition.trim()}`,
      ),
    ),
    sameSet("timescaledb: policies and jobs", "job(s)", src.jobs.map(job), tgt.jobs.map(job)),
    {
      name: "timescaledb: compressed chunks",
      ok: notCompressed.length === 0,
      detail: notCompressed.length
        ? `${notCompressed.length} chunk(s) compressed in the source are not in the target: ${notCompressed
            .slice(0, 5)
            .map((c) => `${c.relation} ${c.bounds}`)
            .join("; ")}`
        : `${compressed(src).length} of ${src.chunks.length} chunk(s) compressed in the source; ${compressed(tgt).length} of ${tgt.chunks.length} in the target, covering every one compressed in the source`,
    },
  ];
}

/** Rows and an order-independent hash of every continuous aggregate, as a query of it returns them. */
export async function caggContents(
  client: pg.Client,
  ts: Timescale,
): Promise<{ name: string; rows: number; hash: string }[]> {
  const out: { name: string; rows: number; hash: string }[] = [];
  // One rendering on both sides; floats to 15 digits, so an average summed in another order still compares equal.
  await client.query(
    "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 0",
  );
  for (const c of ts.caggs) {
    const { rows } = await client.query<{ n: string; h: string | null }>(
      `SELECT count(*)::text AS n, sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint::numeric)::text AS h FROM ${c.name} t`,
    );
    out.push({ name: c.name, rows: Number(rows[0]!.n), hash: rows[0]!.h ?? "0" });
  }
  await client.query("RESET extra_float_digits");
  return out;
}

export function compareCaggContents(
  src: { name: string; rows: number; hash: string }[],
  tgt: { name: string; rows: number; hash: string }[],
): ReportCheckV1 {
  const describe = (c: { name: string; rows: number; hash: string }) =>
    `${c.name} ${c.rows} row(s) hash ${c.hash}`;
  const check = sameSet(
    "timescaledb: continuous aggregate contents",
    "continuous aggregate(s)",
    src.map(describe),
    tgt.map(describe),
  );
  return check.ok
    ? { ...check, detail: src.map((c) => `${c.name}: ${c.rows} row(s), equal`).join("; ") || check.detail }
    : check;
}
