import { and, eq, sql } from "drizzle-orm";
import {
  TERMINAL_STATUSES,
  type RunLogLine,
  type RunPhase,
  type RunStatus,
  type RunStep,
  type TableStatus,
} from "@/contracts/runs";
import { db } from "@/server/db/client";
import { runs, runTables } from "@/server/db/schema";
import { publishMigrationEvent } from "@/server/events/migration-events";
import { publishRunEvent, publishRunEvents } from "@/server/events/run-events";

type TableState = {
  status: TableStatus;
  rowsDone: number;
  rowsTotal: number;
  bytesDone: number;
  error: string | null;
};

const EVENT_INTERVAL_MS = 250;
const DB_INTERVAL_MS = 1000;
const CANCEL_POLL_MS = 1000;

/** Durable truth in PostgreSQL, live view through Redis: every state change goes to both. */
export class RunRecorder {
  private readonly lastEvent = new Map<string, number>();
  private readonly lastDb = new Map<string, number>();
  /** Tables whose stored row has shown rows moving: the first rows in are stored at once, not a second later. */
  private readonly movingInDb = new Set<string>();
  private cancelled = false;
  private cancelCheckedAt = 0;

  constructor(readonly runId: string) {}

  private beforeFinish: (() => Promise<void>) | null = null;

  /** Runs once, just before the run's final status is written, so what it records is there when the run ends. */
  onBeforeFinish(fn: () => Promise<void>): void {
    this.beforeFinish = fn;
  }

  async status(status: RunStatus, phase: RunPhase, error: string | null = null): Promise<void> {
    const finish = this.beforeFinish;
    if (finish && TERMINAL_STATUSES.includes(status)) {
      this.beforeFinish = null;
      await finish();
    }
    const now = new Date();
    const [row] = await db()
      .update(runs)
      .set({
        status,
        phase,
        error,
        ...(status === "running" ? { startedAt: sql`coalesce(${runs.startedAt}, now())` } : {}),
        ...(["succeeded", "failed", "cancelled"].includes(status) ? { finishedAt: now } : {}),
      })
      .where(eq(runs.id, this.runId))
      .returning({ migrationId: runs.migrationId });
    await publishRunEvent(this.runId, { type: "run.status", status, phase, error, at: now.toISOString() });
    if (row) await publishMigrationEvent(row.migrationId, { type: "run.changed", runId: this.runId, status });
  }

  async log(level: RunLogLine["level"], message: string): Promise<void> {
    const line = { at: new Date().toISOString(), level, message };
    await db()
      .update(runs)
      .set({ log: sql`${runs.log} || ${JSON.stringify([line])}::jsonb` })
      .where(eq(runs.id, this.runId));
    await publishRunEvent(this.runId, { type: "run.log", line });
  }

  private readonly tables = new Map<string, TableState>();

  /** The tables' last recorded state, so a resumed run keeps what earlier attempts measured. */
  async loadTables(): Promise<void> {
    const rows = await db().select().from(runTables).where(eq(runTables.runId, this.runId));
    for (const r of rows)
      this.tables.set(r.name, {
        status: r.status,
        rowsDone: r.rowsDone,
        rowsTotal: r.rowsTotal,
        bytesDone: r.bytesDone,
        error: r.error,
      });
  }

  /** Rows in the target so far, by the tables' last recorded state. */
  get rowsCopied(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.rowsDone;
    return n;
  }

  /** Tells pages and terminals following the run which tables it will copy. */
  async announceTables(tables: { name: string; targetName: string; rowsTotal: number }[]): Promise<void> {
    await publishRunEvent(this.runId, { type: "run.tables", tables, at: new Date().toISOString() });
  }

  private readonly tableWrites = new Map<string, Promise<void>>();

  /** The table's last state with `patch` applied, kept as its new last state. */
  private merge(name: string, patch: Partial<TableState> & Pick<TableState, "status">): TableState {
    const state: TableState = {
      rowsDone: 0,
      rowsTotal: 0,
      bytesDone: 0,
      error: null,
      ...this.tables.get(name),
      ...patch,
    };
    this.tables.set(name, state);
    return state;
  }

  /**
   * Merges into the table's last state. Throttled unless the status changes; values are absolute, so
   * dropping an intermediate one is harmless. A table's finish time is the end of its copy.
   */
  async table(
    name: string,
    patch: Partial<TableState> & Pick<TableState, "status">,
    force = false,
  ): Promise<void> {
    const state = this.merge(name, patch);
    const now = Date.now();
    const at = new Date(now);
    const terminal = force || state.status !== "copying";
    const firstRows = state.rowsDone > 0 && !this.movingInDb.has(name);
    const toDb = terminal || firstRows || now - (this.lastDb.get(name) ?? 0) >= DB_INTERVAL_MS;
    const toEvents = terminal || now - (this.lastEvent.get(name) ?? 0) >= EVENT_INTERVAL_MS;
    if (!toDb && !toEvents) return;
    if (toDb) {
      this.lastDb.set(name, now);
      if (state.rowsDone > 0) this.movingInDb.add(name);
    }
    if (toEvents) this.lastEvent.set(name, now);
    // In call order per table: progress calls are not awaited, and a late "copying" write must not land
    // after the table's "copied".
    const write = (this.tableWrites.get(name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        if (toDb)
          await db()
            .update(runTables)
            .set({
              ...state,
              startedAt: sql`coalesce(${runTables.startedAt}, now())`,
              ...(state.status === "copied" || state.status === "failed" ? { finishedAt: at } : {}),
            })
            .where(and(eq(runTables.runId, this.runId), eq(runTables.name, name)));
        if (toEvents)
          await publishRunEvent(this.runId, { type: "table.progress", name, ...state, at: at.toISOString() });
      });
    this.tableWrites.set(name, write);
    await write;
  }

  /**
   * Several tables' new states in one statement and one event pipeline: for phases that settle many small
   * tables in quick succession (verification), where a round trip per table was most of their time.
   */
  async tablesAtOnce(
    patches: ReadonlyMap<string, Partial<TableState> & Pick<TableState, "status">>,
  ): Promise<void> {
    if (!patches.size) return;
    // A table's own writes still under way land first: its states stay in order.
    await Promise.all([...patches.keys()].map((name) => this.tableWrites.get(name)?.catch(() => undefined)));
    const at = new Date();
    const states = [...patches].map(([name, patch]) => {
      const state = this.merge(name, patch);
      this.lastDb.set(name, at.getTime());
      this.lastEvent.set(name, at.getTime());
      return { name, ...state };
    });
    await db().execute(sql`
      UPDATE run_tables t
         SET status = s.status, rows_done = s."rowsDone", rows_total = s."rowsTotal",
             bytes_done = s."bytesDone", error = s.error
        FROM jsonb_to_recordset(${JSON.stringify(states)}::jsonb)
             AS s(name text, status text, "rowsDone" bigint, "rowsTotal" bigint, "bytesDone" bigint, error text)
       WHERE t.run_id = ${this.runId} AND t.name = s.name`);
    await publishRunEvents(
      this.runId,
      states.map((state) => ({ type: "table.progress", ...state, at: at.toISOString() })),
    );
  }

  private lastStep = 0;

  /** Throttled like table progress; clearing the step (null) is always written. */
  async step(step: RunStep | null, force = false): Promise<void> {
    const now = Date.now();
    if (step && !force && now - this.lastStep < EVENT_INTERVAL_MS) return;
    this.lastStep = now;
    await db().update(runs).set({ step }).where(eq(runs.id, this.runId));
    await publishRunEvent(this.runId, { type: "run.step", step, at: new Date(now).toISOString() });
  }

  async verified(ok: boolean): Promise<void> {
    await db().update(runs).set({ verified: ok }).where(eq(runs.id, this.runId));
    await publishRunEvent(this.runId, { type: "run.verified", verified: ok, at: new Date().toISOString() });
  }

  /** Cheap to call often: reads the flag at most once a second, unless `fresh`. */
  async cancelRequested(fresh = false): Promise<boolean> {
    if (this.cancelled) return true;
    if (!fresh && Date.now() - this.cancelCheckedAt < CANCEL_POLL_MS) return false;
    this.cancelCheckedAt = Date.now();
    const [row] = await db().select({ c: runs.cancelRequested }).from(runs).where(eq(runs.id, this.runId));
    this.cancelled = row?.c ?? false;
    return this.cancelled;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }
}
