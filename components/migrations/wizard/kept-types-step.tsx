import { useState } from "react";
import { RowsPreviewToggle } from "./rows-preview-toggle";

type Props = { connectionId: string; tables: string[] };

/** The Types step for a source whose column types are kept as they are (PostgreSQL): the rows, no choices. */
export function KeptTypesStep({ connectionId, tables }: Props) {
  const [previewed, setPreviewed] = useState<string | null>(null);
  return (
    <div className="space-y-5">
      <p className="text-sm text-slate-600">
        A PostgreSQL source keeps its own column types: pg_dump recreates every table exactly.
      </p>
      {tables.map((table) => (
        <div key={table} className="overflow-hidden rounded-lg border border-slate-200">
          <RowsPreviewToggle
            connectionId={connectionId}
            table={table}
            open={previewed === table}
            onToggle={() => setPreviewed(previewed === table ? null : table)}
          />
        </div>
      ))}
    </div>
  );
}
