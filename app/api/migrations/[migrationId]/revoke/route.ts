import { RevokeInput } from "@/contracts/checklists";
import { revokeApproval } from "@/server/checklists/approve-plan";
import { APPROVERS } from "@/contracts/roles";
import { getChecklist } from "@/server/checklists/get-checklist";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";

export const POST = withRole<{ migrationId: string }>(APPROVERS, async ({ req, params, actor }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  await revokeApproval({ actor, migrationId, input: RevokeInput.parse(await readJson(req)) });
  return Response.json(await getChecklist(migrationId));
});
