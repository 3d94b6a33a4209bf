import { ProfileQuery } from "@/contracts/connections";
import { ALL_ROLES } from "@/contracts/roles";
import { profileSourceTable } from "@/server/connections/profile-source-table";
import { idParam } from "@/server/http/params";
import { withRole } from "@/server/http/with-role";

export const GET = withRole<{ connectionId: string }>(ALL_ROLES, async ({ req, params }) => {
  const query = ProfileQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(
    await profileSourceTable(idParam(params.connectionId, "Connection"), query.table, { dates: query.dates }),
  );
});
