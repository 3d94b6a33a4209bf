"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { MigrationOptions } from "@/contracts/migrations";
import { PageHeader } from "@/components/layout/page-header";
import { ConnectionStep } from "@/components/migrations/wizard/connection-step";
import { OptionsStep } from "@/components/migrations/wizard/options-step";
import { ReviewStep } from "@/components/migrations/wizard/review-step";
import { columnTypesFor, type TypeChoices } from "@/components/migrations/wizard/column-types";
import { StepIndicator } from "@/components/migrations/wizard/step-indicator";
import { KeptTypesStep } from "@/components/migrations/wizard/kept-types-step";
import { TypesStep } from "@/components/migrations/wizard/types-step";
import { tableKeyOf, TablesStep } from "@/components/migrations/wizard/tables-step";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useColumnProfiles, useConnections, useSourceTables } from "@/hooks/use-connections";
import { useCreateMigration } from "@/hooks/use-migrations";

const STEPS = ["Source", "Target", "Tables", "Types", "Options", "Review"];

export default function NewMigrationPage() {
  const router = useRouter();
  const connections = useConnections();
  const [step, setStep] = useState(0);
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [name, setName] = useState("");
  const [options, setOptions] = useState<MigrationOptions>(() => MigrationOptions.parse({}));
  const [typeChoices, setTypeChoices] = useState<TypeChoices>({});
  const tables = useSourceTables(step >= 2 ? sourceId : null);
  const create = useCreateMigration();
  const all = connections.data ?? [];
  const chosen = selected ?? new Set((tables.data ?? []).map(tableKeyOf));
  const byId = (id: string | null) => all.find((c) => c.id === id);
  const sourceEngine = byId(sourceId)?.engine;
  // Tables of the schemas kept; a selection equal to all of them is sent as "everything".
  const profiled = sourceEngine !== "postgres" && step >= 3 ? [...chosen] : [];
  const profileQueries = useColumnProfiles(profiled.length ? sourceId : null, profiled, options.dates);
  const profiles = profiled.map((table, i) => ({
    table,
    data: profileQueries[i]?.data,
    error: profileQueries[i]?.error,
    isPending: profileQueries[i]?.isPending ?? true,
  }));
  const inScope = (tables.data ?? []).filter((t) => !t.schema || !options.excludeSchemas.includes(t.schema));

  const canNext = [
    sourceId !== null,
    targetId !== null,
    chosen.size > 0 && tables.isSuccess,
    profiles.every((p) => p.data),
    name.trim().length > 0,
    true,
  ][step];
  const submit = () =>
    create.mutate(
      {
        name,
        sourceId: sourceId!,
        targetId: targetId!,
        tables: chosen.size === inScope.length ? undefined : [...chosen],
        options: { ...options, columnTypes: columnTypesFor(typeChoices, profiles) },
      },
      { onSuccess: (m) => router.push(`/migrations/${m.id}`) },
    );

  return (
    <>
      <PageHeader
        title="New migration"
        subtitle="Six steps: where from, where to, which tables, their types, how, and a last look."
      />
      <StepIndicator steps={STEPS} current={step} />
      <Card title={STEPS[step]}>
        {connections.isPending && <p className="text-sm text-slate-500">Loading connections…</p>}
        {connections.isError && <ErrorBox>{errorMessage(connections.error)}</ErrorBox>}
        {step === 0 && connections.isSuccess && (
          <ConnectionStep
            connections={all}
            selected={sourceId}
            onSelect={(id) => {
              setSourceId(id);
              setSelected(null);
              setTypeChoices({});
              setOptions((o) => ({ ...o, excludeSchemas: [] }));
            }}
            emptyHint="Add a source on the Connections page first: a SQLite or MS Access file, or a PostgreSQL database."
          />
        )}
        {step === 1 && connections.isSuccess && (
          <ConnectionStep
            connections={all.filter((c) => c.engine === "postgres" && c.id !== sourceId)}
            selected={targetId}
            onSelect={setTargetId}
            emptyHint="Add a PostgreSQL target on the Connections page first."
          />
        )}
        {step === 2 && (
          <>
            {tables.isPending && (
              <p className="text-sm text-slate-500">Reading the source's tables and counting rows…</p>
            )}
            {tables.isError && (
              <ErrorBox title="Could not read the source">{errorMessage(tables.error)}</ErrorBox>
            )}
            {tables.data && (
              <TablesStep
                tables={tables.data}
                selected={chosen}
                onChange={setSelected}
                {...(sourceEngine === "postgres" && {
                  excludedSchemas: options.excludeSchemas,
                  onExcludedSchemas: (excludeSchemas: string[]) => setOptions({ ...options, excludeSchemas }),
                })}
              />
            )}
          </>
        )}
        {step === 3 &&
          (sourceEngine === "postgres" ? (
            <KeptTypesStep connectionId={sourceId!} tables={[...chosen]} />
          ) : (
            <TypesStep
              connectionId={sourceId!}
              tables={profiles}
              choices={typeChoices}
              onChange={setTypeChoices}
            />
          ))}
        {step === 4 && (
          <OptionsStep
            name={name}
            onName={setName}
            options={options}
            onChange={setOptions}
            sourceEngine={sourceEngine ?? "sqlite"}
          />
        )}
        {step === 5 && (
          <ReviewStep
            sourceEngine={sourceEngine ?? "sqlite"}
            name={name}
            source={byId(sourceId)?.name ?? "—"}
            target={byId(targetId)?.name ?? "—"}
            tables={chosen.size}
            rows={(tables.data ?? [])
              .filter((t) => chosen.has(tableKeyOf(t)))
              .reduce((n, t) => n + t.rowCount, 0)}
            options={options}
          />
        )}
        {create.isError && (
          <div className="mt-4">
            <ErrorBox title="The migration was not created">{errorMessage(create.error)}</ErrorBox>
          </div>
        )}
        <div className="mt-6 flex justify-between border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={() => setStep(step - 1)} disabled={step === 0}>
            Back
          </Button>
          {step < STEPS.length - 1 ? (
            <Button onClick={() => setStep(step + 1)} disabled={!canNext}>
              Next
            </Button>
          ) : (
            <Button onClick={submit} disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create migration"}
            </Button>
          )}
        </div>
      </Card>
    </>
  );
}
