import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from "node:crypto";
import { chmod, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "@/server/config/env";

/**
 * Ferry's report-signing keys, as PEM files in `<FERRY_DATA_DIR>/signing/`:
 *   <keyId>.key.pem  the private key (PKCS#8, mode 0600; the folder is 0700)
 *   <keyId>.pub.pem  its public key (SPKI), published for offline verification
 *   current          the key id that signs new reports
 * Rotation writes a new pair and moves `current`; old public keys stay so old reports still verify.
 */
export type SigningKey = { keyId: string; publicKeyPem: string; createdAt: string };
export type CurrentSigningKey = SigningKey & { privateKey: KeyObject };

export const signingDir = (): string => path.join(dataDir(), "signing");

/** sha256 of the DER public key (SPKI), first 16 hex digits: stable, short, and derived from the key itself. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return `ed25519:${createHash("sha256").update(der).digest("hex").slice(0, 16)}`;
}

const fileStem = (keyId: string) => keyId.replace(/[^a-z0-9]/gi, "-");

async function writeKeyPair(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const keyId = keyIdOf(publicKey);
  const stem = fileStem(keyId);
  await writeFile(
    path.join(dir, `${stem}.key.pem`),
    privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    { mode: 0o600, flag: "wx" },
  );
  await writeFile(path.join(dir, `${stem}.pub.pem`), publicKey.export({ type: "spki", format: "pem" }), {
    mode: 0o644,
    flag: "wx",
  });
  return keyId;
}

async function removeKeyPair(dir: string, keyId: string): Promise<void> {
  const stem = fileStem(keyId);
  await rm(path.join(dir, `${stem}.key.pem`), { force: true });
  await rm(path.join(dir, `${stem}.pub.pem`), { force: true });
}

async function readCurrentId(dir: string): Promise<string | null> {
  try {
    return (await readFile(path.join(dir, "current"), "utf8")).trim() || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

async function publicKeyFile(dir: string, keyId: string): Promise<SigningKey> {
  const file = path.join(dir, `${fileStem(keyId)}.pub.pem`);
  const [pem, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
  return { keyId, publicKeyPem: pem, createdAt: info.mtime.toISOString() };
}

/**
 * The key that signs new reports, created on first use. The web app and workers may both get here first:
 * `current` is created with link(2), which fails if it exists, so exactly one new key wins.
 */
export async function currentSigningKey(dir = signingDir()): Promise<CurrentSigningKey> {
  let keyId = await readCurrentId(dir);
  if (!keyId) {
    const mine = await writeKeyPair(dir);
    const tmp = path.join(dir, `current.${randomUUID()}.tmp`);
    await writeFile(tmp, `${mine}\n`, { mode: 0o644 });
    try {
      await link(tmp, path.join(dir, "current"));
      keyId = mine;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      await removeKeyPair(dir, mine);
      keyId = (await readCurrentId(dir))!;
    } finally {
      await rm(tmp, { force: true });
    }
  }
  const pem = await readFile(path.join(dir, `${fileStem(keyId)}.key.pem`), "utf8");
  const privateKey = createPrivateKey(pem);
  if (keyIdOf(createPublicKey(privateKey)) !== keyId)
    throw new Error(`The signing key file for ${keyId} does not hold that key.`);
  return { ...(await publicKeyFile(dir, keyId)), privateKey };
}

/** A new key becomes current; the previous public keys stay listed. Returns the new key id. */
export async function rotateSigningKey(dir = signingDir()): Promise<string> {
  await currentSigningKey(dir);
  const keyId = await writeKeyPair(dir);
  const tmp = path.join(dir, `current.${randomUUID()}.tmp`);
  await writeFile(tmp, `${keyId}\n`, { mode: 0o644 });
  await rename(tmp, path.join(dir, "current"));
  return keyId;
}

/** Every public key Ferry has signed with: the current one first, then the others, newest first. */
export async function listSigningKeys(
  dir = signingDir(),
): Promise<{ current: SigningKey; previous: SigningKey[] }> {
  const current = await currentSigningKey(dir);
  const others = (await readdir(dir))
    .filter((f) => f.endsWith(".pub.pem"))
    .map((f) => f.slice(0, -".pub.pem".length).replace(/^ed25519-/, "ed25519:"))
    .filter((id) => id !== current.keyId);
  const previous = await Promise.all(others.map((id) => publicKeyFile(dir, id)));
  previous.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    current: { keyId: current.keyId, publicKeyPem: current.publicKeyPem, createdAt: current.createdAt },
    previous,
  };
}
