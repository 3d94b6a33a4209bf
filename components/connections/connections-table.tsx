import type { ConnectionTestResult, ConnectionView } from "@/contracts/connections";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/contracts/format";
import { TestResult } from "./test-result";

const ENGINE_LABELS: Record<ConnectionView["engine"], string> = {
  postgres: "PostgreSQL",
  sqlite: "SQLite",
  access: "MS Access",
  mysql: "MySQL / MariaDB",
  mssql: "SQL Server",
};

type Props = {
  connections: ConnectionView[];
  canOperate: boolean;
  testing: string | null;
  results: Record<string, ConnectionTestResult>;
  onTest: (id: string) => void;
  onEdit: (c: ConnectionView) => void;
  onDelete: (c: ConnectionView) => void;
};

export function ConnectionsTable({
  connections,
  canOperate,
  testing,
  results,
  onTest,
  onEdit,
  onDelete,
}: Props) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th className="px-4 py-2.5">Name</th>
            <th className="px-4 py-2.5">Engine</th>
            <th className="px-4 py-2.5">Where</th>
            <th className="px-4 py-2.5">Last test</th>
            <th className="px-4 py-2.5" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {connections.map((c) => (
            <ConnectionRow
              key={c.id}
              c={c}
              result={results[c.id]}
              testing={testing === c.id}
              canOperate={canOperate}
              onTest={onTest}
              onEdit={onEdit}
              onDelete={onDelete}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConnectionRow({
  c,
  result,
  testing,
  canOperate,
  onTest,
  onEdit,
  onDelete,
}: { c: ConnectionView; result?: ConnectionTestResult; testing: boolean } & Pick<
  Props,
  "canOperate" | "onTest" | "onEdit" | "onDelete"
>) {
  return (
    <>
      <tr data-testid={`connection-row-${c.name}`}>
        <td className="px-4 py-3 font-medium text-slate-900">{c.name}</td>
        <td className="px-4 py-3">
          <Badge tone={c.engine === "postgres" ? "blue" : "violet"}>
            {ENGINE_LABELS[c.engine] ?? c.engine}
          </Badge>
        </td>
        <td className="px-4 py-3 font-mono text-xs text-slate-600">
          {c.summary}
          {c.postgres && <span className="ml-2 font-sans text-slate-400">sslmode={c.postgres.sslmode}</span>}
          {c.mysql && <span className="ml-2 font-sans text-slate-400">TLS {c.mysql.sslmode}</span>}
          {c.mssql && (
            <span className="ml-2 font-sans text-slate-400">
              {c.mssql.encrypt
                ? c.mssql.trustServerCertificate
                  ? "TLS, certificate trusted"
                  : "TLS"
                : "no TLS"}
            </span>
          )}
          {c.sqlite && (
            <span className="ml-2 font-sans text-slate-400">{formatBytes(c.sqlite.sizeBytes)}</span>
          )}
          {c.access && (
            <span className="ml-2 font-sans text-slate-400">{formatBytes(c.access.sizeBytes)}</span>
          )}
        </td>
        <td className="px-4 py-3">
          {c.lastTest ? (
            <Badge tone={c.lastTest.ok ? "green" : "red"}>{c.lastTest.ok ? "ok" : "problems"}</Badge>
          ) : (
            <span className="text-slate-400">not tested</span>
          )}
        </td>
        <td className="px-4 py-3 text-right whitespace-nowrap">
          {canOperate && (
            <div className="inline-flex gap-1">
              <Button variant="secondary" onClick={() => onTest(c.id)} disabled={testing}>
                {testing ? "Testing…" : "Test"}
              </Button>
              <Button variant="ghost" onClick={() => onEdit(c)}>
                Edit
              </Button>
              <Button variant="ghost" onClick={() => onDelete(c)}>
                Delete
              </Button>
            </div>
          )}
        </td>
      </tr>
      {result && (
        <tr>
          <td colSpan={5} className="px-4 pb-4">
            <TestResult result={result} />
          </td>
        </tr>
      )}
    </>
  );
}
