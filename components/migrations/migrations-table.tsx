import Link from "next/link";
import type { MigrationView } from "@/contracts/migrations";
import { Badge } from "@/components/ui/badge";
import { formatTime } from "@/contracts/format";
import { StatusBadge } from "@/components/ui/status-badge";

export function MigrationsTable({ migrations }: { migrations: MigrationView[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th className="px-4 py-2.5">Migration</th>
            <th className="px-4 py-2.5">Source → target</th>
            <th className="px-4 py-2.5">Tables</th>
            <th className="px-4 py-2.5">Last run</th>
            <th className="px-4 py-2.5">Verified</th>
            <th className="px-4 py-2.5">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {migrations.map((m) => (
            <tr key={m.id} className="hover:bg-slate-50">
              <td className="px-4 py-3">
                <Link href={`/migrations/${m.id}`} className="font-medium text-teal-800 hover:underline">
                  {m.name}
                </Link>
              </td>
              <td className="px-4 py-3 text-slate-600">
                {m.sourceName} <span className="text-slate-400">→</span> {m.targetName}
              </td>
              <td className="px-4 py-3 text-slate-600 tabular-nums">{m.tables ? m.tables.length : "all"}</td>
              <td className="px-4 py-3">
                {m.lastRun ? (
                  <Link href={`/runs/${m.lastRun.id}`}>
                    <StatusBadge status={m.lastRun.status} />
                  </Link>
                ) : (
                  <span className="text-slate-400">never run</span>
                )}
              </td>
              <td className="px-4 py-3">
                {m.lastRun?.verified === true ? (
                  <Badge tone="green">verified</Badge>
                ) : m.lastRun?.verified === false ? (
                  <Badge tone="red">differences</Badge>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="px-4 py-3 text-slate-500">
                {formatTime(m.createdAt)}
                <span className="block text-xs">{m.createdBy}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
