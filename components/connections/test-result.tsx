import type { ConnectionTestResult } from "@/contracts/connections";
import { formatBytes, formatCount } from "@/contracts/format";

export function TestResult({ result }: { result: ConnectionTestResult }) {
  const facts = [
    ["Server", result.serverVersion],
    ["User", result.currentUser],
    ["Database", result.database],
    ["Encoding", result.encoding],
    ["Size", result.sizeBytes === null ? null : formatBytes(result.sizeBytes)],
    ["Tables", result.tableCount === null ? null : formatCount(result.tableCount)],
  ].filter(([, v]) => v !== null);
  return (
    <div
      data-testid="connection-test-result"
      className={`rounded-md border px-4 py-3 text-sm ${result.ok ? "border-emerald-200 bg-emerald-50" : "border-red-200 bg-red-50"}`}
    >
      <p className={`font-medium ${result.ok ? "text-emerald-800" : "text-red-800"}`}>
        {result.ok ? "Connection works" : "Connection needs attention"}
      </p>
      {facts.length > 0 && (
        <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3">
          {facts.map(([k, v]) => (
            <div key={k} className="flex gap-2">
              <dt className="text-slate-500">{k}</dt>
              <dd className="font-medium text-slate-800">{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {result.problems.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-red-800">
          {result.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {result.notes.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-600">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
