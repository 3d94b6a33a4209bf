import { AuditQuery } from "@/contracts/audit";
import { AUDIT_READERS } from "@/contracts/roles";
import { exportAuditCsv } from "@/server/audit/export-audit";
import { listAudit } from "@/server/audit/list-audit";
import { withRole } from "@/server/http/with-role";

export const dynamic = "force-dynamic";

// GET /api/audit?actor=&action=&objectType=&objectId=&from=&to=&page=&pageSize= → AuditPage;
// with format=csv, every matching event as a CSV download (the export is itself audited).
export const GET = withRole(AUDIT_READERS, async ({ req, actor }) => {
  const params = new URL(req.url).searchParams;
  const query = AuditQuery.parse(Object.fromEntries(params));
  if (params.get("format") !== "csv") return Response.json(await listAudit(query));
  return new Response(await exportAuditCsv({ actor, query }), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ferry-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
