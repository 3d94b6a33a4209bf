import { OPERATORS } from "@/contracts/roles";
import { withRole } from "@/server/http/with-role";
import { acceptUpload } from "@/server/uploads/accept-upload";

// POST /api/uploads (multipart, field "file") → {id, fileName, sizeBytes, sha256}
export const POST = withRole(OPERATORS, async ({ req, actor }) =>
  Response.json(
    await acceptUpload({
      actor,
      contentType: req.headers.get("content-type"),
      contentLength: req.headers.get("content-length"),
      body: req.body,
    }),
    { status: 201 },
  ),
);
