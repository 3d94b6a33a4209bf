import { ALL_ROLES } from "@/contracts/roles";
import { readVerifyInput } from "@/server/http/read-verify-input";
import { withRole } from "@/server/http/with-role";
import { verifyReport } from "@/server/reports/verify-report";

// POST /api/reports/verify, JSON or multipart {report, signature, keyId?} → {valid, keyId, sha256, reason}
export const POST = withRole(ALL_ROLES, async ({ req }) =>
  Response.json(await verifyReport(await readVerifyInput(req))),
);
