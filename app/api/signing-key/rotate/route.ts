import { withRole } from "@/server/http/with-role";
import { rotateReportSigningKey } from "@/server/reports/signing/public-keys";

// POST /api/signing-key/rotate (admin) → the keys after rotation; reports already signed keep verifying.
export const POST = withRole(["admin"], async ({ actor }) =>
  Response.json(await rotateReportSigningKey({ actor })),
);
