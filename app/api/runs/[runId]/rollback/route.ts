import { OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { requestRollback } from "@/server/rollback/request-rollback";

// POST /api/runs/:runId/rollback: queue the undoing of a finished run; a rolled-back run says so (200).
export const POST = withRole<{ runId: string }>(OPERATORS, async ({ params, actor }) => {
  const result = await requestRollback({ actor, runId: idParam(params.runId, "Run") });
  return Response.json(result, { status: result.alreadyRolledBack ? 200 : 202 });
});
