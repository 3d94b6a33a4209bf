import type { ChecklistTemplate, TemplateId } from "@/contracts/checklists";
import { appDb } from "./app-db";
import { cloudMove } from "./cloud-move";
import { comprehensive } from "./comprehensive";
import { legacyFile } from "./legacy-file";

/** The four runbooks Ferry automates (DESIGN.md), one module each. */
export const TEMPLATES: Record<TemplateId, ChecklistTemplate> = {
  "cloud-move": cloudMove,
  comprehensive,
  "legacy-file": legacyFile,
  "app-db": appDb,
};
