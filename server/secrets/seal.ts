import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/server/config/env";

// AES-256-GCM with a random 96-bit nonce; the format is "v1.<nonce>.<tag>.<ciphertext>" in base64url.
function key(): Buffer {
  const raw = env().FERRY_SECRET_KEY;
  if (!raw) throw new Error("FERRY_SECRET_KEY is not set: Ferry cannot store or read connection passwords.");
  const buf = Buffer.from(raw, "base64");
  if (buf.length !== 32)
    throw new Error("FERRY_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).");
  return buf;
}

export function seal(plain: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), nonce);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", nonce, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function open(sealed: string): string {
  const [version, nonce, tag, body] = sealed.split(".");
  if (version !== "v1" || !nonce || !tag || body === undefined)
    throw new Error("Stored secret has an unknown format.");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(nonce, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
