import type { SigningKeys } from "@/contracts/reports";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { listSigningKeys, rotateSigningKey } from "./key-store";

/** What Ferry publishes: every public key it has signed reports with, never a private key. */
export async function publicSigningKeys(): Promise<SigningKeys> {
  return { algorithm: "Ed25519", ...(await listSigningKeys()) };
}

export async function rotateReportSigningKey({ actor }: { actor: SessionUser }): Promise<SigningKeys> {
  const before = await listSigningKeys();
  const keyId = await rotateSigningKey();
  await recordAudit(db(), {
    actor,
    action: "signing_key.rotate",
    objectType: "signing_key",
    objectId: keyId,
    details: { previous: before.current.keyId },
  });
  return publicSigningKeys();
}

/** One public key as PEM (the current one unless `keyId` names another), for openssl. */
export async function publicSigningKeyPem(keyId?: string): Promise<string> {
  const { current, previous } = await listSigningKeys();
  const key = [current, ...previous].find((k) => k.keyId === (keyId ?? current.keyId));
  if (!key) throw notFound(`Signing key ${keyId}`);
  return key.publicKeyPem;
}
