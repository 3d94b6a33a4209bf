import { ChooseTemplateInput } from "@/contracts/checklists";
import { OPERATORS } from "@/contracts/roles";
import { getChecklist } from "@/server/checklists/get-checklist";
import { setTemplate } from "@/server/checklists/set-template";
import { idParam } from "@/server/http/params";
import { readJson, withRole } from "@/server/http/with-role";

export const PUT = withRole<{ migrationId: string }>(OPERATORS, async ({ req, params, actor }) => {
  const migrationId = idParam(params.migrationId, "Migration");
  const { templateId } = ChooseTemplateInput.parse(await readJson(req));
  await setTemplate({ actor, migrationId, templateId });
  return Response.json(await getChecklist(migrationId));
});
