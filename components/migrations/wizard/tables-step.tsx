"use client";

import { useState } from "react";
import { findTables, type SourceTable } from "@/contracts/connections";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { formatCount } from "@/contracts/format";

/** Above this many tables the step offers a search: a schema of hundreds is read by name, not by scrolling. */
const SEARCH_FROM_TABLES = 20;

export const tableKeyOf = (t: SourceTable) => (t.schema ? `${t.schema}.${t.name}` : t.name);

type Props = {
  tables: SourceTable[];
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
  /** PostgreSQL sources: schemas left out whole (with every object in them). */
  excludedSchemas?: string[];
  onExcludedSchemas?: (next: string[]) => void;
};

export function TablesStep({ tables, selected, onChange, excludedSchemas, onExcludedSchemas }: Props) {
  const [query, setQuery] = useState("");
  const shown = findTables(tables, query);
  const searching = shown.length !== tables.length;
  const rows = tables.filter((t) => selected.has(tableKeyOf(t))).reduce((n, t) => n + t.rowCount, 0);
  const schemas = [...new Set(tables.map((t) => t.schema).filter((s): s is string => !!s))];
  const schemaOut = (schema: string | null) => !!schema && !!excludedSchemas?.includes(schema);
  const toggleSchema = (schema: string) => {
    const out = schemaOut(schema);
    onExcludedSchemas?.(
      out ? excludedSchemas!.filter((s) => s !== schema) : [...(excludedSchemas ?? []), schema],
    );
    const next = new Set(selected);
    for (const t of tables.filter((t) => t.schema === schema))
      if (out) next.add(tableKeyOf(t));
      else next.delete(tableKeyOf(t));
    onChange(next);
  };
  const toggle = (key: string) => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onChange(next);
  };
  return (
    <div>
      <div className="mb-3 flex items-center justify-between text-sm">
        <p className="text-slate-600" data-testid="tables-selected">
          <span className="font-medium text-slate-900 tabular-nums">{selected.size}</span> of {tables.length}{" "}
          tables selected,{" "}
          <span className="font-medium text-slate-900 tabular-nums">{formatCount(rows)}</span> rows
        </p>
        <div className={`flex gap-3 ${searching && shown.length === 0 ? "invisible" : ""}`}>
          <button
            type="button"
            className="text-teal-800 hover:underline"
            onClick={() =>
              onChange(
                new Set([
                  ...(searching ? selected : []),
                  ...shown.filter((t) => !schemaOut(t.schema)).map(tableKeyOf),
                ]),
              )
            }
          >
            {searching ? `Select the ${shown.length} found` : "Select all"}
          </button>
          <button
            type="button"
            className="text-slate-500 hover:underline"
            onClick={() => {
              const found = new Set(shown.map(tableKeyOf));
              onChange(searching ? new Set([...selected].filter((k) => !found.has(k))) : new Set());
            }}
          >
            {searching ? "Clear the found" : "None"}
          </button>
        </div>
      </div>
      {onExcludedSchemas && schemas.length > 0 && (
        <fieldset
          className="mb-4 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3"
          data-testid="schemas"
        >
          <legend className="px-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Schemas</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            {schemas.map((schema) => (
              <label key={schema} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  aria-label={`Schema ${schema}`}
                  checked={!schemaOut(schema)}
                  onChange={() => toggleSchema(schema)}
                />
                <span className="font-mono text-slate-900">{schema}</span>
                <span className="text-slate-500">
                  {tables.filter((t) => t.schema === schema).length} tables
                </span>
              </label>
            ))}
          </div>
          <p className="mt-2 text-xs text-slate-500">
            Views, functions, types, sequences and policies of the schemas you keep move with them. A table
            you leave out goes with its indexes, triggers and policies; Ferry stops before writing if a view
            or a foreign key you keep needs it.
          </p>
        </fieldset>
      )}
      {tables.length > SEARCH_FROM_TABLES && (
        <div className="mb-3 max-w-md">
          <Input
            type="search"
            aria-label="Find tables"
            placeholder="Find tables by name, e.g. sales order"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
      )}
      <div className="overflow-hidden rounded-lg border border-slate-200">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th className="w-10 px-4 py-2" />
              <th className="px-4 py-2">Table</th>
              <th className="px-4 py-2 text-right">Rows</th>
              <th className="px-4 py-2 text-right">Columns</th>
              <th className="px-4 py-2">Key</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {shown.length === 0 && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-slate-500">
                  No table name holds “{query.trim()}”. Check the spelling, or search for part of the name.
                </td>
              </tr>
            )}
            {shown.map((t) => {
              const key = tableKeyOf(t);
              return (
                <tr key={key} className={schemaOut(t.schema) ? "opacity-50" : "hover:bg-slate-50"}>
                  <td className="px-4 py-2">
                    <input
                      type="checkbox"
                      aria-label={`Migrate ${key}`}
                      checked={selected.has(key)}
                      disabled={schemaOut(t.schema)}
                      onChange={() => toggle(key)}
                    />
                  </td>
                  <td className="px-4 py-2 font-mono text-slate-900">
                    {t.schema && <span className="text-slate-400">{t.schema}.</span>}
                    {t.name}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatCount(t.rowCount)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{t.columnCount}</td>
                  <td className="px-4 py-2">
                    {t.hasPrimaryKey ? (
                      <span className="text-slate-500">primary key</span>
                    ) : (
                      <Badge tone="amber">no primary key</Badge>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
