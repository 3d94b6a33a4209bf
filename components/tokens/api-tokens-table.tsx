import type { ApiTokenView } from "@/contracts/api-tokens";
import { formatTime } from "@/contracts/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";

export function ApiTokensTable({
  tokens,
  onRevoke,
  revoking,
}: {
  tokens: ApiTokenView[];
  onRevoke: (t: ApiTokenView) => void;
  revoking: string | null;
}) {
  return (
    <DataTable
      columns={[
        { label: "Name" },
        { label: "Token" },
        { label: "Created" },
        { label: "Last used" },
        { label: "Expires" },
        { label: "", className: "text-right" },
      ]}
    >
      {tokens.map((t) => (
        <tr key={t.id} data-testid="api-token-row">
          <td className="px-4 py-2.5 font-medium text-slate-900">{t.name}</td>
          <td className="px-4 py-2.5 font-mono text-xs text-slate-600">{t.prefix}…</td>
          <td className="px-4 py-2.5 text-slate-600">{formatTime(t.createdAt)}</td>
          <td className="px-4 py-2.5 text-slate-600">{t.lastUsedAt ? formatTime(t.lastUsedAt) : "never"}</td>
          <td className="px-4 py-2.5 text-slate-600">{t.expiresAt ? formatTime(t.expiresAt) : "never"}</td>
          <td className="px-4 py-2.5 text-right">
            {t.revokedAt ? (
              <Badge tone="grey">revoked {formatTime(t.revokedAt)}</Badge>
            ) : t.expired ? (
              <Badge tone="grey">expired</Badge>
            ) : (
              <Button
                variant="danger"
                onClick={() => onRevoke(t)}
                disabled={revoking === t.id}
                aria-label={`Revoke ${t.name}`}
              >
                Revoke
              </Button>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
