import { ALL_ROLES } from "@/contracts/roles";
import { withRole } from "@/server/http/with-role";
import { publicSigningKeyPem, publicSigningKeys } from "@/server/reports/signing/public-keys";

// GET /api/signing-key → {algorithm, current, previous[]}; ?format=pem[&keyId=…] → one public key as PEM.
export const GET = withRole(ALL_ROLES, async ({ req }) => {
  const query = new URL(req.url).searchParams;
  if (query.get("format") !== "pem") return Response.json(await publicSigningKeys());
  return new Response(await publicSigningKeyPem(query.get("keyId") ?? undefined), {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="ferry-signing.pem"`,
    },
  });
});
