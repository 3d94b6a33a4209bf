import type { Engine } from "@/contracts/connections";
import type { MigrationOptions } from "@/contracts/migrations";
import { Field, Input, Select } from "@/components/ui/field";
import { PostScriptsEditor } from "./post-scripts-editor";

export function OptionsStep({
  name,
  onName,
  options,
  onChange,
  sourceEngine,
}: {
  sourceEngine: Engine;
  name: string;
  onName: (n: string) => void;
  options: MigrationOptions;
  onChange: (o: MigrationOptions) => void;
}) {
  const set = <K extends keyof MigrationOptions>(k: K, v: MigrationOptions[K]) =>
    onChange({ ...options, [k]: v });
  /** A yes/no option's checkbox wiring: its name, state and setter all follow from its key. */
  const flag = (k: BooleanKey) => ({ name: k, checked: options[k], onChange: (v: boolean) => set(k, v) });
  return (
    <div className="grid max-w-3xl gap-5 sm:grid-cols-2">
      <Field label="Migration name">
        <Input
          name="migration-name"
          required
          value={name}
          onChange={(e) => onName(e.target.value)}
          placeholder="e.g. Chinook to staging"
        />
      </Field>
      {sourceEngine === "postgres" ? (
        <>
          <BooleanOption
            label="Owners and grants"
            hint="Carrying them needs the same roles on the target; without, the target's migrating user owns everything."
            {...flag("ownersAndGrants")}
            text="Keep the source's owners and GRANTs"
          />
          <Field
            label="Rows per chunk"
            hint="Big tables with an integer key copy as key ranges of this size; an interrupted run redoes only unfinished ones."
          >
            <Input
              name="chunkRows"
              type="number"
              min={1000}
              value={options.chunkRows}
              onChange={(e) => set("chunkRows", Number(e.target.value))}
            />
          </Field>
        </>
      ) : (
        <>
          <Field
            label="If a target table already exists"
            hint="Stopping is the safe default: the run checks before it writes anything."
          >
            <Select
              name="ifTargetExists"
              value={options.ifTargetExists}
              onChange={(e) => set("ifTargetExists", e.target.value as MigrationOptions["ifTargetExists"])}
            >
              <option value="fail">Stop before writing anything</option>
              <option value="recreate">Drop and recreate it</option>
            </Select>
          </Field>
          {/* Access has real date types; the dates choice is about dates SQLite stores as text. */}
          {sourceEngine === "mysql" ? (
            <Field
              label="TINYINT(1) / BOOLEAN columns"
              hint="MySQL has no boolean type; TINYINT(1) holding other values than 0 and 1 needs smallint."
            >
              <Select
                name="mysqlTinyint1"
                value={options.mysqlTinyint1}
                onChange={(e) => set("mysqlTinyint1", e.target.value as MigrationOptions["mysqlTinyint1"])}
              >
                <option value="boolean">boolean (0 → false, 1 → true)</option>
                <option value="smallint">smallint, as stored</option>
              </Select>
            </Field>
          ) : sourceEngine === "access" || sourceEngine === "mssql" ? null : (
            <Field label="Dates (DATE, DATETIME columns)">
              <Select
                name="dates"
                value={options.dates}
                onChange={(e) => set("dates", e.target.value as MigrationOptions["dates"])}
              >
                <option value="map">Map to PostgreSQL date / timestamp</option>
                <option value="text">Keep as text, exactly as stored</option>
              </Select>
            </Field>
          )}
          <Field label="Target schema">
            <Input
              name="targetSchema"
              value={options.targetSchema}
              onChange={(e) => set("targetSchema", e.target.value)}
            />
          </Field>
        </>
      )}
      <Field label="Batch size (rows)" hint="Rows per COPY page; bounds the worker's memory.">
        <Input
          name="batchSize"
          type="number"
          min={100}
          max={200000}
          value={options.batchSize}
          onChange={(e) => set("batchSize", Number(e.target.value))}
        />
      </Field>
      <Field label={sourceEngine === "postgres" ? "Chunks copied at once" : "Tables copied at once"}>
        <Input
          name="parallelTables"
          type="number"
          min={1}
          max={8}
          value={options.parallelTables}
          onChange={(e) => set("parallelTables", Number(e.target.value))}
        />
      </Field>
      <Field
        label="Planned window (minutes)"
        hint="Optional: preflight compares the run's estimated duration with it."
      >
        <Input
          name="plannedWindowMinutes"
          type="number"
          min={1}
          value={options.plannedWindowMinutes ?? ""}
          onChange={(e) => set("plannedWindowMinutes", e.target.value === "" ? null : Number(e.target.value))}
        />
      </Field>
      <BooleanOption
        label="Rollback"
        hint="Before writing, dumps the existing tables of the target schema(s) (pg_dump -Fc) and notes what the run creates, so the run page can undo it."
        {...flag("snapshotBeforeRun")}
        text="Snapshot the target before the run"
      />
      <BooleanOption
        label="Planner statistics"
        hint="ANALYZE gives the planner statistics for every table before the run ends. Off, the run ends sooner and autovacuum analyzes the new tables shortly after (within a minute by default), as after pg_dump | psql."
        {...flag("analyzeInRun")}
        text="ANALYZE every table in the run"
      />
      <BooleanOption
        label="Verification"
        hint="Counts, checksums and an object comparison of both sides, then a signed report. Off, a run ends once keys and FKs are in; verify it later from its page."
        {...flag("verifyAfterRun")}
        text="Verify at the end of the run"
      />
      <PostScriptsEditor scripts={options.postScripts} onChange={(s) => set("postScripts", s)} />
    </div>
  );
}

/** The options that are yes or no. */
type BooleanKey = {
  [K in keyof MigrationOptions]: MigrationOptions[K] extends boolean ? K : never;
}[keyof MigrationOptions];

/** A yes/no migration option: its field label and hint, and the checkbox with what it turns on. */
function BooleanOption({
  label,
  hint,
  name,
  checked,
  onChange,
  text,
}: {
  label: string;
  hint: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  text: string;
}) {
  return (
    <Field label={label} hint={hint}>
      <label className="flex h-10 items-center gap-2 text-sm">
        <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {text}
      </label>
    </Field>
  );
}
