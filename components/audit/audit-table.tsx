import Link from "next/link";
import { summariseDetails, type AuditEventView } from "@/contracts/audit";
import { DataTable } from "@/components/ui/data-table";
import { formatTime } from "@/contracts/format";

const COLUMNS = [
  { label: "When", className: "w-44" },
  { label: "Who" },
  { label: "Action" },
  { label: "Object" },
  { label: "Details" },
];

/** Objects that have a page of their own. */
const PAGES: Record<string, string> = { migration: "/migrations", run: "/runs" };

function ObjectId({ type, id }: { type: string; id: string }) {
  const short = id.length > 13 ? `${id.slice(0, 8)}…` : id;
  const className = "block font-mono text-xs";
  return PAGES[type] ? (
    <Link href={`${PAGES[type]}/${id}`} title={id} className={`${className} text-teal-700 hover:underline`}>
      {short}
    </Link>
  ) : (
    <span title={id} className={`${className} text-slate-400`}>
      {short}
    </span>
  );
}

/** The audit trail, newest first; details summarised on one line, in full on hover. */
export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable columns={COLUMNS}>
        {events.map((e) => (
          <tr key={e.id} className="align-top" data-testid="audit-row">
            <td className="px-4 py-2.5 whitespace-nowrap text-slate-600 tabular-nums">{formatTime(e.at)}</td>
            <td className="px-4 py-2.5 text-slate-800">
              {e.actor ?? <span className="text-slate-400">Ferry</span>}
            </td>
            <td className="px-4 py-2.5">
              <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">{e.action}</code>
            </td>
            <td className="px-4 py-2.5 text-slate-600">
              {e.objectType}
              {e.objectId && <ObjectId type={e.objectType} id={e.objectId} />}
            </td>
            <td
              className="max-w-md px-4 py-2.5 text-xs break-words text-slate-500"
              title={JSON.stringify(e.details, null, 2)}
            >
              {summariseDetails(e.details) || "—"}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
