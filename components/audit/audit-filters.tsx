"use client";

import { useState } from "react";
import { Field, Input } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";

export type AuditFilterValues = {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  from: string;
  to: string;
};

export const NO_FILTERS: AuditFilterValues = {
  actor: "",
  action: "",
  objectType: "",
  objectId: "",
  from: "",
  to: "",
};

/** Filters are applied on submit, not on every keystroke, so typing an id does not fire a query per letter. */
export function AuditFilters({
  initial,
  onApply,
}: {
  initial: AuditFilterValues;
  onApply: (v: AuditFilterValues) => void;
}) {
  const [v, setV] = useState(initial);
  const set = (k: keyof AuditFilterValues) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setV({ ...v, [k]: e.target.value });
  return (
    <FilterForm
      columns="sm:grid-cols-3 lg:grid-cols-6"
      onApply={() => onApply(v)}
      onClear={() => {
        setV(NO_FILTERS);
        onApply(NO_FILTERS);
      }}
    >
      <Field label="Who">
        <Input placeholder="email contains" value={v.actor} onChange={set("actor")} />
      </Field>
      <Field label="Action">
        <Input placeholder="e.g. run.start" value={v.action} onChange={set("action")} />
      </Field>
      <Field label="Object type">
        <Input placeholder="e.g. migration" value={v.objectType} onChange={set("objectType")} />
      </Field>
      <Field label="Object id">
        <Input value={v.objectId} onChange={set("objectId")} />
      </Field>
      <Field label="From">
        <Input type="date" value={v.from} onChange={set("from")} />
      </Field>
      <Field label="To">
        <Input type="date" value={v.to} onChange={set("to")} />
      </Field>
    </FilterForm>
  );
}
