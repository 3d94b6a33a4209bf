import type { TablePlan } from "@/server/plan/build-plan";

const SMALL_TABLE_ROWS = 10_000;
const SMALL_TABLE_BYTES = 8 * 1024 * 1024;

/**
 * A table small enough that a run's fixed cost per table (a job, a transaction and its commit, a round trip
 * per statement) outweighs its rows: such tables are copied in batches and their FKs and ANALYZE grouped.
 * A hypertable never is: TimescaleDB routes its rows to chunks.
 */
export const isSmallTable = (t: TablePlan): boolean =>
  t.rowCount <= SMALL_TABLE_ROWS && (t.source.sizeBytes ?? 0) <= SMALL_TABLE_BYTES && !t.source.hypertable;
