"use client";

import { useState } from "react";
import type { ConnectionView } from "@/contracts/connections";
import { Field, Select } from "@/components/ui/field";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useSourceTables, useTablePreview } from "@/hooks/use-connections";

/**
 * The first rows of a file source's table as they will land in PostgreSQL, so a wrong text encoding shows
 * before anything moves. Change the encoding with Edit on the connection and look again.
 */
export function TablePreviewPanel({ sources }: { sources: ConnectionView[] }) {
  const [connectionId, setConnectionId] = useState<string | null>(sources[0]?.id ?? null);
  const [table, setTable] = useState<string | null>(null);
  const tables = useSourceTables(connectionId);
  const chosen = table ?? tables.data?.[0]?.name ?? null;

  return (
    <div className="space-y-3" data-testid="table-preview">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Source">
          <Select
            value={connectionId ?? ""}
            onChange={(e) => {
              setConnectionId(e.target.value);
              setTable(null);
            }}
          >
            {sources.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Table">
          <Select value={chosen ?? ""} onChange={(e) => setTable(e.target.value)}>
            {(tables.data ?? []).map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.rowCount.toLocaleString("en")} rows)
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {tables.isError && <ErrorBox>{errorMessage(tables.error)}</ErrorBox>}
      {chosen && connectionId && <TableRowsPreview connectionId={connectionId} table={chosen} />}
    </div>
  );
}

/** One table's first rows, each value as COPY will send it, with the type mapping in the header. */
export function TableRowsPreview({ connectionId, table }: { connectionId: string; table: string }) {
  const preview = useTablePreview(connectionId, table);
  const data = preview.data;
  return (
    <div className="space-y-3">
      {preview.isError && <ErrorBox>{errorMessage(preview.error)}</ErrorBox>}
      {preview.isPending && <p className="text-sm text-slate-500">Reading the first rows…</p>}
      {data && (
        <>
          {data.encoding && <p className="text-xs text-slate-500">Text read as {data.encoding}.</p>}
          <div className="overflow-x-auto rounded border border-slate-200">
            <table className="w-full text-xs">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  {data.columns.map((c) => (
                    <th key={c.name} className="px-2 py-1.5 font-medium whitespace-nowrap">
                      {c.name}
                      <span className="block font-normal text-slate-400">
                        {c.sourceType} → {c.pgType}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 font-mono">
                {data.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((v, j) => (
                      <td key={j} className="max-w-64 truncate px-2 py-1 whitespace-nowrap">
                        {v === null ? <span className="text-slate-400">NULL</span> : v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-slate-500">
            {data.rows.length} of {data.rowCount.toLocaleString("en")} rows.
          </p>
          {data.notes.map((n) => (
            <p key={n} className="text-xs text-amber-700">
              {n}
            </p>
          ))}
        </>
      )}
    </div>
  );
}
