import "server-only";
import { VerifyReportInput } from "@/contracts/reports";
import { readJson } from "./with-role";

/**
 * The verify form as JSON {report, signature, keyId?} or multipart with the same fields as text or files.
 * A 64-byte signature file is taken raw (what `openssl pkeyutl -sign` writes); otherwise as base64 or hex text.
 */
export async function readVerifyInput(req: Request): Promise<VerifyReportInput & { rawSignature?: Buffer }> {
  if (!(req.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    return VerifyReportInput.parse(await readJson(req));
  const form = await req.formData();
  const field = async (name: string) => {
    const v = form.get(name);
    return v === null
      ? undefined
      : typeof v === "string"
        ? Buffer.from(v, "utf8")
        : Buffer.from(await v.arrayBuffer());
  };
  const [report, signature, keyId] = await Promise.all([field("report"), field("signature"), field("keyId")]);
  const raw = signature?.length === 64 ? signature : undefined;
  return {
    ...VerifyReportInput.parse({
      report: report?.toString("utf8"),
      signature: raw ? raw.toString("base64") : signature?.toString("utf8"),
      keyId: keyId?.toString("utf8") || undefined,
    }),
    rawSignature: raw,
  };
}
