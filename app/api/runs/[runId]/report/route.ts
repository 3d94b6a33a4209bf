import { ReportFormat } from "@/contracts/reports";
import { ALL_ROLES } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { downloadReport } from "@/server/reports/download-report";

// GET /api/runs/:runId/report[?format=json|csv|pdf][&download=1] → the signed report; json is the stored bytes.
export const GET = withRole<{ runId: string }>(ALL_ROLES, async ({ req, params, actor }) => {
  const runId = idParam(params.runId, "Run");
  const query = new URL(req.url).searchParams;
  const format = ReportFormat.parse(query.get("format") ?? "json");
  const r = await downloadReport({ actor, runId, format });
  return new Response(r.body, {
    headers: {
      "content-type": r.contentType,
      "x-ferry-report-sha256": r.sha256,
      "x-ferry-signature": r.signature,
      "x-ferry-key-id": r.keyId,
      ...(query.has("download") || format !== "json"
        ? { "content-disposition": `attachment; filename="${r.filename}"` }
        : {}),
    },
  });
});
