import type { ReactNode } from "react";

export type Column = { label: ReactNode; className?: string };

/** The one table shape Ferry's lists share: uppercase header row over a divided body. */
export function DataTable({
  columns,
  children,
  cell = "px-4 py-2.5",
  bodyClassName = "",
}: {
  columns: Column[];
  children: ReactNode;
  /** Padding of the header cells, to line up with the body cells. */
  cell?: string;
  bodyClassName?: string;
}) {
  return (
    <table className="w-full text-sm">
      <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={c.className ? `${c.className} ${cell}` : cell}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={`divide-y divide-slate-100 ${bodyClassName}`.trim()}>{children}</tbody>
    </table>
  );
}
