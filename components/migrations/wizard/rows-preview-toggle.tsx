import { TableRowsPreview } from "@/components/connections/table-preview";

type Props = { connectionId: string; table: string; open: boolean; onToggle: () => void };

/** A table's header line with "Preview rows as they will land", and the rows below it once opened. */
export function RowsPreviewToggle({ connectionId, table, open, onToggle }: Props) {
  return (
    <>
      <div className="flex items-center justify-between bg-slate-50 px-4 py-2 text-sm">
        <span className="font-mono text-slate-900">{table}</span>
        <button type="button" className="text-teal-800 hover:underline" onClick={onToggle}>
          {open ? "Hide rows" : "Preview rows as they will land"}
        </button>
      </div>
      {open && (
        <div className="border-b border-slate-100 px-4 py-3">
          <TableRowsPreview connectionId={connectionId} table={table} />
        </div>
      )}
    </>
  );
}
