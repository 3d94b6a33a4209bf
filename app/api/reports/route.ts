import { ALL_ROLES } from "@/contracts/roles";
import { ReportListQuery } from "@/contracts/reports";
import { withRole } from "@/server/http/with-role";
import { listReports } from "@/server/reports/list-reports";

export const dynamic = "force-dynamic";

// GET /api/reports?q=&verdict=all|verified|failed&from=&to= → ReportList (newest first). Downloads go through
// GET /api/runs/{id}/report?format=…, which audits each one.
export const GET = withRole(ALL_ROLES, async ({ req }) =>
  Response.json(await listReports(ReportListQuery.parse(Object.fromEntries(new URL(req.url).searchParams)))),
);
