import { ALL_ROLES } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getReport } from "@/server/reports/get-report";

// GET /api/runs/:runId/report[?download=1] → the verification report JSON.
export const GET = withRole<{ runId: string }>(ALL_ROLES, async ({ req, params, actor }) => {
  const runId = idParam(params.runId, "Run");
  const { report, sha256 } = await getReport({ actor, runId });
  const download = new URL(req.url).searchParams.has("download");
  // Compact JSON, byte for byte what x-report-sha256 was computed over.
  return new Response(JSON.stringify(report), {
    headers: {
      "content-type": "application/json",
      "x-report-sha256": sha256,
      ...(download ? { "content-disposition": `attachment; filename="ferry-report-${runId}.json"` } : {}),
    },
  });
});
