import { UpdateItemInput } from "@/contracts/checklists";
import { OPERATORS } from "@/contracts/roles";
import { getChecklist } from "@/server/checklists/get-checklist";
import { updateItem } from "@/server/checklists/update-item";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";

type P = { migrationId: string; itemId: string };

export const PATCH = withRole<P>(OPERATORS, async ({ req, params, actor }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  const input = UpdateItemInput.parse(await readJson(req));
  await updateItem({ actor, migrationId, itemId: params.itemId, input });
  return Response.json(await getChecklist(migrationId));
});
