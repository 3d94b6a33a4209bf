import { OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { reverifyRun } from "@/server/runs/reverify-run";

// POST /api/runs/:runId/verify: verify a finished run's target again; a new signed report follows.
export const POST = withRole<{ runId: string }>(OPERATORS, async ({ params, actor }) => {
  await reverifyRun({ actor, runId: idParam(params.runId, "Run") });
  return Response.json({ ok: true }, { status: 202 });
});
