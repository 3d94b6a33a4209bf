import type { VerifyReportInput, VerifyResult } from "@/contracts/reports";
import { sha256Hex, verifyReportBytes } from "./signing/sign-report";

/** Accepts the signature as base64 (what Ferry's API and headers give) or as hex. */
function signatureBytes(text: string): Buffer | null {
  const s = text.trim();
  if (/^[0-9a-f]{128}$/i.test(s)) return Buffer.from(s, "hex");
  if (/^[A-Za-z0-9+/=_-]+$/.test(s)) return Buffer.from(s, "base64");
  return null;
}

/**
 * Checks a report against a signature with Ferry's public keys. The report is taken as the exact bytes
 * given: reformatting the JSON (pretty-printing, reordering keys) makes it a different document.
 */
export async function verifyReport(
  input: VerifyReportInput & { rawSignature?: Buffer },
): Promise<VerifyResult> {
  const bytes = Buffer.from(input.report, "utf8");
  const signature = input.rawSignature ?? signatureBytes(input.signature);
  if (!signature)
    return {
      valid: false,
      keyId: null,
      sha256: sha256Hex(bytes),
      reason: "The signature is neither base64 nor hex. Paste it as given by Ferry, or drop the .sig file.",
    };
  return verifyReportBytes(bytes, signature, { keyId: input.keyId || undefined });
}
