import { ALL_ROLES } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";
import { getRunSnapshot } from "@/server/runs/get-run-snapshot";

export const dynamic = "force-dynamic";

export const GET = withRole<{ runId: string }>(ALL_ROLES, async ({ params }) =>
  Response.json(await getRunSnapshot(idParam(params.runId, "Run"))),
);
