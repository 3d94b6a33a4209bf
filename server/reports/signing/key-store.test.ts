import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentSigningKey, listSigningKeys, rotateSigningKey } from "./key-store";
import { signReportJson, verifyReportBytes } from "./sign-report";

let dir: string;
beforeEach(async () => (dir = path.join(await mkdtemp(path.join(tmpdir(), "ferry-keys-")), "signing")));
afterEach(async () => rm(path.dirname(dir), { recursive: true, force: true }));

describe("report signing keys", () => {
  it("creates one key on first use, even when several callers race, with a private file only the owner reads", async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => currentSigningKey(dir)));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
    expect(keys[0]!.keyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    const stem = keys[0]!.keyId.replace(":", "-");
    expect((await stat(path.join(dir, `${stem}.key.pem`))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await listSigningKeys(dir)).previous).toEqual([]);
  });

  it("signs exact bytes, refuses a changed byte, and still verifies after rotation", async () => {
    const json = JSON.stringify({ version: 1, ok: true, tables: [] });
    const signed = await signReportJson(json, dir);
    const sig = Buffer.from(signed.signature, "base64");
    expect((await verifyReportBytes(Buffer.from(json), sig, { dir })).valid).toBe(true);
    const changed = Buffer.from(json.replace("true", "fals"));
    expect((await verifyReportBytes(changed, sig, { dir })).valid).toBe(false);

    const next = await rotateSigningKey(dir);
    const { current, previous } = await listSigningKeys(dir);
    expect(current.keyId).toBe(next);
    expect(previous.map((k) => k.keyId)).toEqual([signed.keyId]);
    const after = await verifyReportBytes(Buffer.from(json), sig, { dir });
    expect(after).toMatchObject({ valid: true, keyId: signed.keyId });
    expect((await signReportJson(json, dir)).keyId).toBe(next);
  });

  it("says why a signature of the wrong length is refused", async () => {
    const r = await verifyReportBytes(Buffer.from("{}"), Buffer.alloc(10), { dir });
    expect(r).toMatchObject({ valid: false, reason: expect.stringMatching(/64 bytes/) });
  });
});
