import { OPERATORS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { cancelRun } from "@/server/runs/cancel-run";

export const POST = withRole<{ runId: string }>(OPERATORS, async ({ params, actor }) => {
  await cancelRun({ actor, runId: idParam(params.runId, "Run") });
  return Response.json({ ok: true }, { status: 202 });
});
