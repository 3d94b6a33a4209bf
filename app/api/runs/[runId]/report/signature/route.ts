import { ALL_ROLES } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getReportSignature } from "@/server/reports/download-report";

// GET /api/runs/:runId/report/signature → {sha256, signature (base64), keyId, algorithm: "Ed25519"}
export const GET = withRole<{ runId: string }>(ALL_ROLES, async ({ params, actor }) =>
  Response.json(await getReportSignature({ actor, runId: idParam(params.runId, "Run") })),
);
