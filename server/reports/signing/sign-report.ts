import { createHash, createPublicKey, sign, verify } from "node:crypto";
import { currentSigningKey, listSigningKeys, signingDir } from "./key-store";

export const SIGNATURE_ALGORITHM = "Ed25519" as const;

export type ReportSignature = { sha256: string; signature: string; keyId: string };

export const sha256Hex = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

/** A detached Ed25519 signature (base64) over the exact JSON bytes of the report. */
export async function signReportJson(json: string, dir = signingDir()): Promise<ReportSignature> {
  const key = await currentSigningKey(dir);
  const bytes = Buffer.from(json, "utf8");
  return {
    sha256: sha256Hex(bytes),
    signature: sign(null, bytes, key.privateKey).toString("base64"),
    keyId: key.keyId,
  };
}

export type VerifyOutcome = { valid: boolean; keyId: string | null; sha256: string; reason: string };

/**
 * Checks a signature against every public key Ferry has used (or only `keyId` when given): rotation
 * must not make an old report unverifiable.
 */
export async function verifyReportBytes(
  bytes: Buffer,
  signature: Buffer,
  opts: { keyId?: string; dir?: string } = {},
): Promise<VerifyOutcome> {
  const sha256 = sha256Hex(bytes);
  if (signature.length !== 64)
    return {
      valid: false,
      keyId: null,
      sha256,
      reason: `An Ed25519 signature is 64 bytes; this one is ${signature.length}.`,
    };
  const { current, previous } = await listSigningKeys(opts.dir);
  const keys = [current, ...previous].filter((k) => !opts.keyId || k.keyId === opts.keyId);
  if (keys.length === 0)
    return { valid: false, keyId: opts.keyId ?? null, sha256, reason: `Ferry has no key ${opts.keyId}.` };
  for (const k of keys)
    if (verify(null, bytes, createPublicKey(k.publicKeyPem), signature))
      return {
        valid: true,
        keyId: k.keyId,
        sha256,
        reason:
          k.keyId === current.keyId
            ? `The signature matches these exact bytes under Ferry's current key ${k.keyId}.`
            : `The signature matches these exact bytes under Ferry's earlier key ${k.keyId} (since rotated).`,
      };
  return {
    valid: false,
    keyId: null,
    sha256,
    reason:
      keys.length === 1
        ? `The signature does not match these bytes under key ${keys[0]!.keyId}: the report was changed, or the signature belongs to another report.`
        : `The signature matches none of Ferry's ${keys.length} keys for these bytes: the report was changed, or the signature belongs to another report.`,
  };
}
