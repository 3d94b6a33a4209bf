import type { MigrationOptions } from "@/contracts/migrations";
import type { ReportCheckV1, ReportTableV1 } from "@/contracts/reports";
import type { SourceConnector } from "@/server/connectors/connector";
import type { SchemaScope } from "@/server/connectors/postgres/scope";
import type { PgConnectionSettings } from "@/server/connectors/postgres/pg-config";
import type { MigrationPlan } from "@/server/plan/build-plan";
import type { ClientPool } from "@/server/target/client-pool";
import type { RunRecorder } from "./run-recorder";

export type RunContext = {
  runId: string;
  /** 1 for the first execution; each resume after an interruption is the next. */
  attempt: number;
  rec: RunRecorder;
  /** What of a PostgreSQL source moves (schemas, excluded tables); the whole database by default. */
  scope: SchemaScope;
  plan: MigrationPlan;
  options: MigrationOptions;
  source: SourceConnector;
  target: PgConnectionSettings;
  pool: ClientPool;
  /** Tables (tableKey) the data phase analyzed as soon as they were finished; the run's ANALYZE does the rest. */
  analyzed: Set<string>;
  /** OIDs of the objects the migration's post-scripts created: verification leaves them out of the object comparison. */
  postScriptOids?: Set<string>;
};

export type Verification = {
  tables: ReportTableV1[];
  checks: ReportCheckV1[];
  consistency: string;
};

/** What a run will restore, as far as the migration says before the source's catalog is read. */
export type PrefetchHints = {
  /** This attempt restores the schema (it did not resume past that phase). */
  schemaPhase: boolean;
  /** No schema or table is selected or left out. */
  wholeDatabase: boolean;
  ownersAndGrants: boolean;
};

/** How a run gets schema and data into the target; the executor runs the phases, resumably, in order. */
export interface RunStrategy {
  /**
   * Work that needs only the source's snapshot (the schema archive), started as soon as the source is open,
   * while preflight plans; later phases find it done. Must be safe to start in any attempt.
   */
  prefetch?(runId: string, source: SourceConnector, hints: PrefetchHints): void;
  schema(ctx: RunContext): Promise<void>;
  data(ctx: RunContext): Promise<void>;
  postData(ctx: RunContext): Promise<void>;
  verify(ctx: RunContext): Promise<Verification>;
}
