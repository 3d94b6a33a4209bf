import { ALL_ROLES } from "@/contracts/roles";
import { listBoard } from "@/server/board/list-board";
import { withRole } from "@/server/http/with-role";

// GET /api/board: every migration's runbook phase, checklist, preflight, approval and last run (BoardRow[]).
export const GET = withRole(ALL_ROLES, async () => Response.json(await listBoard()));
