import * as z from "zod";
import { RollbackView } from "./rollback";

export const RunStatus = z.enum(["queued", "running", "verifying", "succeeded", "failed", "cancelled"]);
export type RunStatus = z.infer<typeof RunStatus>;
export const TERMINAL_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "cancelled"];

export const RunPhase = z.enum([
  "queued",
  "preflight",
  "schema",
  "data",
  "post-data",
  "verify",
  "report",
  "done",
]);
export type RunPhase = z.infer<typeof RunPhase>;

export const TableStatus = z.enum([
  "pending",
  "copying",
  "copied",
  "verifying",
  "verified",
  "mismatch",
  "failed",
]);
export type TableStatus = z.infer<typeof TableStatus>;

export const RunTableView = z.object({
  name: z.string(),
  targetName: z.string(),
  status: TableStatus,
  rowsDone: z.number(),
  rowsTotal: z.number(),
  bytesDone: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type RunTableView = z.infer<typeof RunTableView>;

export const RunLogLine = z.object({
  at: z.string(),
  level: z.enum(["info", "warn", "error"]),
  message: z.string(),
});
export type RunLogLine = z.infer<typeof RunLogLine>;

/** Work of the current phase that is not row copying, e.g. index builds after the data. */
export const RunStep = z.object({
  label: z.string(),
  detail: z.string().nullable(),
  done: z.number(),
  total: z.number(),
});
export type RunStep = z.infer<typeof RunStep>;

export const RunSnapshot = z.object({
  id: z.uuid(),
  migrationId: z.uuid(),
  migrationName: z.string(),
  status: RunStatus,
  phase: RunPhase,
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  tables: z.array(RunTableView),
  log: z.array(RunLogLine),
  verified: z.boolean().nullable(),
  step: RunStep.nullable(),
  /** Undoing the run: whether it can be, and how the rollback went; null for runs without a snapshot. */
  rollback: RollbackView.nullable().default(null),
  /** Redis stream id the snapshot is current to; follow the event stream from here. */
  eventCursor: z.string(),
});
export type RunSnapshot = z.infer<typeof RunSnapshot>;

/** Events carry absolute values, never deltas, so replaying one is harmless. */
export const RunEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("run.status"),
    status: RunStatus,
    phase: RunPhase,
    error: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal("table.progress"),
    name: z.string(),
    status: TableStatus,
    rowsDone: z.number(),
    rowsTotal: z.number(),
    bytesDone: z.number(),
    error: z.string().nullable(),
    at: z.string(),
  }),
  /** The planned tables, once preflight has planned them: a page or terminal opened earlier learns them here. */
  z.object({
    type: z.literal("run.tables"),
    tables: z.array(z.object({ name: z.string(), targetName: z.string(), rowsTotal: z.number() })),
    at: z.string(),
  }),
  z.object({ type: z.literal("run.log"), line: RunLogLine }),
  z.object({ type: z.literal("run.verified"), verified: z.boolean(), at: z.string() }),
  z.object({ type: z.literal("run.step"), step: RunStep.nullable(), at: z.string() }),
  z.object({ type: z.literal("run.rollback"), rollback: RollbackView, at: z.string() }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

const MAX_LOG_LINES = 200;

export function applyRunEvent(snapshot: RunSnapshot, event: RunEvent): RunSnapshot {
  switch (event.type) {
    case "run.status":
      return {
        ...snapshot,
        status: event.status,
        phase: event.phase,
        error: event.error,
        startedAt: snapshot.startedAt ?? (event.status === "running" ? event.at : null),
        finishedAt: TERMINAL_STATUSES.includes(event.status) ? event.at : snapshot.finishedAt,
      };
    case "table.progress":
      return {
        ...snapshot,
        tables: snapshot.tables.map((t) =>
          t.name === event.name
            ? {
                ...t,
                status: event.status,
                rowsDone: event.rowsDone,
                rowsTotal: event.rowsTotal,
                bytesDone: event.bytesDone,
                error: event.error,
                startedAt: t.startedAt ?? event.at,
                finishedAt: ["copied", "verified", "mismatch", "failed"].includes(event.status)
                  ? (t.finishedAt ?? event.at)
                  : t.finishedAt,
              }
            : t,
        ),
      };
    case "run.tables":
      return {
        ...snapshot,
        tables: event.tables.map(
          (t) =>
            snapshot.tables.find((s) => s.name === t.name) ?? {
              ...t,
              status: "pending",
              rowsDone: 0,
              bytesDone: 0,
              startedAt: null,
              finishedAt: null,
              error: null,
            },
        ),
      };
    case "run.log":
      if (snapshot.log.some((l) => l.at === event.line.at && l.message === event.line.message))
        return snapshot;
      return { ...snapshot, log: [...snapshot.log, event.line].slice(-MAX_LOG_LINES) };
    case "run.verified":
      return { ...snapshot, verified: event.verified };
    case "run.step":
      return { ...snapshot, step: event.step };
    case "run.rollback":
      return { ...snapshot, rollback: event.rollback };
  }
}

export type RunTotals = { rowsDone: number; rowsTotal: number; fraction: number };

export function runTotals(snapshot: Pick<RunSnapshot, "tables">): RunTotals {
  const rowsDone = snapshot.tables.reduce((n, t) => n + t.rowsDone, 0);
  const rowsTotal = snapshot.tables.reduce((n, t) => n + t.rowsTotal, 0);
  const fraction = rowsTotal === 0 ? 0 : Math.min(1, rowsDone / rowsTotal);
  return { rowsDone, rowsTotal, fraction };
}

/** The run page's table filters: what a DBA looks for in a run of hundreds of tables. */
export const TABLE_GROUPS = {
  active: ["copying", "verifying"],
  problems: ["failed", "mismatch"],
  waiting: ["pending"],
  done: ["copied", "verified"],
} as const satisfies Record<string, readonly TableStatus[]>;
export type TableGroup = "all" | keyof typeof TABLE_GROUPS;

export const inTableGroup = (t: Pick<RunTableView, "status">, group: TableGroup): boolean =>
  group === "all" || (TABLE_GROUPS[group] as readonly TableStatus[]).includes(t.status);

/** How many of the tables each filter shows. */
export function tableGroupCounts(
  tables: readonly Pick<RunTableView, "status">[],
): Record<TableGroup, number> {
  const counts = { all: tables.length, active: 0, problems: 0, waiting: 0, done: 0 };
  for (const t of tables)
    for (const g of Object.keys(TABLE_GROUPS) as (keyof typeof TABLE_GROUPS)[])
      if (inTableGroup(t, g)) counts[g]++;
  return counts;
}

/** A finished table copied faster than this shows no rate of its own (see tableRate). */
const RATE_FROM_SECONDS = 1;

/**
 * Rows per second since the table started, and the seconds left at that rate (null when unknown). A table
 * finished within a second has none: its time is the commit and bookkeeping around a few pages, or the batch of
 * small tables it went in with, not a speed its rows moved at.
 */
export function tableRate(
  t: RunTableView,
  now: number,
): { rowsPerSecond: number | null; etaSeconds: number | null } {
  if (!t.startedAt || t.rowsDone === 0) return { rowsPerSecond: null, etaSeconds: null };
  const end = t.finishedAt ? Date.parse(t.finishedAt) : now;
  const seconds = Math.max(0.001, (end - Date.parse(t.startedAt)) / 1000);
  if (t.finishedAt && seconds < RATE_FROM_SECONDS) return { rowsPerSecond: null, etaSeconds: 0 };
  const rowsPerSecond = t.rowsDone / seconds;
  const left = Math.max(0, t.rowsTotal - t.rowsDone);
  return { rowsPerSecond, etaSeconds: t.finishedAt ? 0 : left / rowsPerSecond };
}

/** Whole-run rate and ETA from the tables' absolute counts and the run's start. */
export function runRate(
  snapshot: Pick<RunSnapshot, "tables" | "startedAt" | "finishedAt">,
  now: number,
): { rowsPerSecond: number | null; etaSeconds: number | null } {
  const { rowsDone, rowsTotal } = runTotals(snapshot);
  if (!snapshot.startedAt || rowsDone === 0) return { rowsPerSecond: null, etaSeconds: null };
  const end = snapshot.finishedAt ? Date.parse(snapshot.finishedAt) : now;
  const rowsPerSecond = rowsDone / Math.max(0.001, (end - Date.parse(snapshot.startedAt)) / 1000);
  return {
    rowsPerSecond,
    etaSeconds: snapshot.finishedAt ? 0 : Math.max(0, rowsTotal - rowsDone) / rowsPerSecond,
  };
}
