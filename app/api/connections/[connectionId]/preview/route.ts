import * as z from "zod";
import { OPERATORS } from "@/contracts/roles";
import { previewTable } from "@/server/connections/preview-table";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";

const Query = z.object({ table: z.string().min(1, { error: "Name the table: ?table=…" }).max(256) });

// GET /api/connections/{id}/preview?table=… → the first rows as they will land, values as text
export const GET = withRole<{ connectionId: string }>(OPERATORS, async ({ req, params }) => {
  const { table } = Query.parse({ table: new URL(req.url).searchParams.get("table") ?? "" });
  return Response.json(await previewTable(idParam(params.connectionId, "Connection"), table));
});
