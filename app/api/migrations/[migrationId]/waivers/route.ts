import { WaiveInput } from "@/contracts/checklists";
import { APPROVERS } from "@/contracts/roles";
import { getChecklist } from "@/server/checklists/get-checklist";
import { waiveWarning } from "@/server/checklists/waive-warning";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";

export const POST = withRole<{ migrationId: string }>(APPROVERS, async ({ req, params, actor }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  await waiveWarning({ actor, migrationId, input: WaiveInput.parse(await readJson(req)) });
  return Response.json(await getChecklist(migrationId), { status: 201 });
});
