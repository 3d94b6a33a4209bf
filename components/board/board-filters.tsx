"use client";

import type { BoardFilter, BoardSort } from "@/contracts/board";
import { Field, Input, Select } from "@/components/ui/field";

const FILTERS: Record<BoardFilter, string> = {
  all: "All migrations",
  waiting: "Waiting for approval",
  failing: "Failing checks",
  running: "Running now",
  "never-run": "Never run",
};
const SORTS: Record<BoardSort, string> = {
  name: "Name",
  completion: "Checklist completion (least first)",
  "last-run": "Last run (newest first)",
};

export type BoardView = { filter: BoardFilter; sort: BoardSort; search: string };

export function BoardFilters({ view, onChange }: { view: BoardView; onChange: (v: BoardView) => void }) {
  return (
    <div className="mb-4 grid gap-3 sm:grid-cols-3">
      <Field label="Search">
        <Input
          type="search"
          placeholder="Migration name"
          value={view.search}
          onChange={(e) => onChange({ ...view, search: e.target.value })}
        />
      </Field>
      <Field label="Show">
        <Select
          value={view.filter}
          onChange={(e) => onChange({ ...view, filter: e.target.value as BoardFilter })}
        >
          {Object.entries(FILTERS).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Sort by">
        <Select value={view.sort} onChange={(e) => onChange({ ...view, sort: e.target.value as BoardSort })}>
          {Object.entries(SORTS).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
