import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import type { UploadView } from "@/contracts/connections";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { env, uploadsDir } from "@/server/config/env";
import { openAccess, readAccessHeader } from "@/server/connectors/access/open-access";
import { hasSqliteHeader, openSqlite } from "@/server/connectors/sqlite/open-sqlite";
import { db } from "@/server/db/client";
import { uploads } from "@/server/db/schema";
import { badRequest, DomainError } from "@/server/errors";

const tooLarge = (maxBytes: number) =>
  new DomainError(
    413,
    "too_large",
    `The file is larger than the ${formatLimit(maxBytes)} upload limit (FERRY_MAX_UPLOAD_BYTES). Ask an admin to raise it.`,
  );

const formatLimit = (bytes: number) =>
  bytes >= 1024 ** 2 ? `${+(bytes / 1024 ** 2).toFixed(1)} MiB` : `${bytes} bytes`;

/** Streams the multipart field `file` to Ferry's data directory, then checks it by content, not by name. */
export async function acceptUpload(opts: {
  actor: SessionUser;
  contentType: string | null;
  /** The declared Content-Length, when there is one: a body plainly over the limit is refused unread. */
  contentLength?: string | null;
  body: ReadableStream<Uint8Array> | null;
}): Promise<UploadView> {
  if (!opts.contentType?.startsWith("multipart/form-data") || !opts.body)
    throw badRequest("not_multipart", 'Send the file as multipart/form-data in a field named "file".');
  const maxBytes = env().FERRY_MAX_UPLOAD_BYTES;
  // The multipart envelope (boundaries, part headers) is small; 64 KiB of it is more than any client sends.
  if (Number(opts.contentLength ?? 0) > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  await mkdir(uploadsDir(), { recursive: true });
  const id = randomUUID();
  const partial = path.join(uploadsDir(), `${id}.part`);

  const received = await new Promise<{ fileName: string; sizeBytes: number; sha256: string } | null>(
    (resolve, reject) => {
      let bb: Busboy.Busboy;
      try {
        bb = Busboy({
          headers: { "content-type": opts.contentType! },
          limits: { files: 1, fileSize: maxBytes },
        });
      } catch {
        return reject(badRequest("not_multipart", "The multipart body could not be read."));
      }
      let found: Promise<{ fileName: string; sizeBytes: number; sha256: string }> | null = null;
      bb.on("file", (field, stream, info) => {
        if (field !== "file") return stream.resume();
        const hash = createHash("sha256");
        let size = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            size += chunk.length;
            hash.update(chunk);
            cb(null, chunk);
          },
        });
        found = pipeline(stream, counter, createWriteStream(partial)).then(() => {
          if ((stream as unknown as { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
          return {
            fileName: path.basename(info.filename || "upload"),
            sizeBytes: size,
            sha256: hash.digest("hex"),
          };
        });
      });
      bb.on("error", reject);
      bb.on("close", () => (found ? found.then(resolve, reject) : resolve(null)));
      Readable.fromWeb(opts.body as import("node:stream/web").ReadableStream).pipe(bb);
    },
  ).catch(async (err) => {
    await rm(partial, { force: true });
    throw err;
  });

  if (!received) throw badRequest("no_file", 'No file arrived: send it in a multipart field named "file".');
  let kind: "sqlite" | "access" = "sqlite";
  let finalPath = path.join(uploadsDir(), `${id}.sqlite`);
  try {
    if (received.sizeBytes === 0) throw badRequest("empty_file", "The uploaded file is empty.");
    if (await readAccessHeader(partial)) {
      kind = "access";
      finalPath = path.join(uploadsDir(), `${id}.access`);
      await openAccess(partial);
    } else if (await hasSqliteHeader(partial)) openSqlite(partial).close();
    else
      throw badRequest(
        "not_sqlite",
        `"${received.fileName}" is not a SQLite database or an MS Access file: its first bytes are neither the SQLite 3 header nor Access's "Standard Jet DB"/"Standard ACE DB". Upload the .sqlite/.db/.mdb/.accdb file itself, not an export or an archive.`,
      );
    await rename(partial, finalPath);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }

  const [row] = await db()
    .insert(uploads)
    .values({
      id,
      fileName: received.fileName,
      storedName: path.basename(finalPath),
      kind,
      sizeBytes: received.sizeBytes,
      sha256: received.sha256,
      createdBy: opts.actor.id,
    })
    .returning();
  await recordAudit(db(), {
    actor: opts.actor,
    action: "upload.create",
    objectType: "upload",
    objectId: id,
    details: { fileName: received.fileName, sizeBytes: received.sizeBytes, sha256: received.sha256 },
  });
  return {
    id: row!.id,
    fileName: row!.fileName,
    sizeBytes: row!.sizeBytes,
    sha256: row!.sha256,
    kind,
  };
}
