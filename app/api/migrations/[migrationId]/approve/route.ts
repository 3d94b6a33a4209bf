import { ApproveInput } from "@/contracts/checklists";
import { approvePlan } from "@/server/checklists/approve-plan";
import { getChecklist } from "@/server/checklists/get-checklist";
import { APPROVERS } from "@/contracts/roles";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";

export const POST = withRole<{ migrationId: string }>(APPROVERS, async ({ req, params, actor }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  await approvePlan({ actor, migrationId, input: ApproveInput.parse(await readJson(req)) });
  return Response.json(await getChecklist(migrationId));
});
