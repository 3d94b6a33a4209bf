import { desc, eq, inArray, or } from "drizzle-orm";
import type { ConnectionView, CreateConnectionInput, UpdateConnectionInput } from "@/contracts/connections";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db/client";
import { connections, migrations, uploads } from "@/server/db/schema";
import { badRequest, conflict, notFound } from "@/server/errors";
import { seal } from "@/server/secrets/seal";
import { getUpload } from "@/server/uploads/upload-path";
import { isServerEngine, serverSettingsFrom, storedServerConfig } from "./connection-settings";
import { loadConnection } from "./load-connection";
import { toConnectionView } from "./to-view";

async function viewOf(id: string): Promise<ConnectionView> {
  const [row] = await db().select().from(connections).where(eq(connections.id, id));
  if (!row) throw notFound(`Connection ${id}`);
  const upload =
    row.config.engine === "sqlite" || row.config.engine === "access"
      ? ((await db().select().from(uploads).where(eq(uploads.id, row.config.uploadId)))[0] ?? null)
      : null;
  return toConnectionView(row, upload);
}

export const getConnection = viewOf;

export async function listConnections(): Promise<ConnectionView[]> {
  const rows = await db().select().from(connections).orderBy(desc(connections.createdAt));
  const uploadIds = rows.flatMap((r) => ("uploadId" in r.config ? [r.config.uploadId] : []));
  const ups = uploadIds.length ? await db().select().from(uploads).where(inArray(uploads.id, uploadIds)) : [];
  return rows.map((r) =>
    toConnectionView(
      r,
      "uploadId" in r.config
        ? (ups.find((u) => u.id === (r.config as { uploadId: string }).uploadId) ?? null)
        : null,
    ),
  );
}

export async function createConnection({
  actor,
  input,
}: {
  actor: SessionUser;
  input: CreateConnectionInput;
}): Promise<ConnectionView> {
  let values: typeof connections.$inferInsert;
  if (input.engine === "sqlite") {
    await uploadOfKind(input.uploadId, "sqlite");
    values = {
      name: input.name,
      engine: "sqlite",
      config: { engine: "sqlite", uploadId: input.uploadId },
      createdBy: actor.id,
    };
  } else if (input.engine === "access") {
    await uploadOfKind(input.uploadId, "access");
    values = {
      name: input.name,
      engine: "access",
      config: { engine: "access", uploadId: input.uploadId, encoding: input.encoding },
      createdBy: actor.id,
    };
  } else {
    const s = serverSettingsFrom(input.engine, input);
    values = {
      name: input.name,
      engine: input.engine,
      config: storedServerConfig(input.engine, s),
      secret: s.password ? seal(s.password) : null,
      createdBy: actor.id,
    };
  }
  const id = await db().transaction(async (tx) => {
    const [row] = await tx.insert(connections).values(values).returning({ id: connections.id });
    await recordAudit(tx, {
      actor,
      action: "connection.create",
      objectType: "connection",
      objectId: row!.id,
      details: { name: input.name, engine: input.engine },
    });
    return row!.id;
  });
  return viewOf(id);
}

export async function updateConnection({
  actor,
  id,
  input,
}: {
  actor: SessionUser;
  id: string;
  input: UpdateConnectionInput;
}): Promise<ConnectionView> {
  const current = await loadConnection(id);
  const patch: Partial<typeof connections.$inferInsert> = {
    updatedAt: new Date(),
    lastTestOk: null,
    lastTestAt: null,
  };
  if (input.name) patch.name = input.name;
  if ("settings" in current && isServerEngine(current.engine)) {
    const s = serverSettingsFrom(current.engine, input, current.settings as never);
    patch.config = storedServerConfig(current.engine, s);
    if (input.url !== undefined || input.password !== undefined)
      patch.secret = s.password ? seal(s.password) : null;
  } else if (current.engine === "access") {
    if (input.uploadId) await uploadOfKind(input.uploadId, "access");
    patch.config = {
      engine: "access",
      uploadId: input.uploadId ?? (await currentUploadId(id)),
      encoding: input.encoding ?? current.encoding,
    };
  } else if (input.uploadId) {
    await getUpload(input.uploadId);
    patch.config = { engine: "sqlite", uploadId: input.uploadId };
  }
  await db().transaction(async (tx) => {
    await tx.update(connections).set(patch).where(eq(connections.id, id));
    const changed = Object.keys(input).map((k) => (k === "password" || k === "url" ? `${k} (redacted)` : k));
    await recordAudit(tx, {
      actor,
      action: "connection.update",
      objectType: "connection",
      objectId: id,
      details: { changed },
    });
  });
  return viewOf(id);
}

/** An upload that holds the kind of file the connection's engine reads. */
async function uploadOfKind(uploadId: string, kind: "sqlite" | "access") {
  const upload = await getUpload(uploadId);
  if (upload.kind !== kind)
    throw badRequest(
      "wrong_upload_kind",
      `"${upload.fileName}" is a ${upload.kind === "access" ? "MS Access" : "SQLite"} file, not ${kind === "access" ? "an MS Access" : "a SQLite"} file.`,
    );
  return upload;
}

async function currentUploadId(id: string): Promise<string> {
  const [row] = await db().select().from(connections).where(eq(connections.id, id));
  return (row?.config as { uploadId: string }).uploadId;
}

export async function deleteConnection({ actor, id }: { actor: SessionUser; id: string }): Promise<void> {
  const view = await viewOf(id);
  const used = await db()
    .select({ name: migrations.name })
    .from(migrations)
    .where(or(eq(migrations.sourceId, id), eq(migrations.targetId, id)))
    .limit(3);
  if (used.length)
    throw conflict(
      "connection_in_use",
      `"${view.name}" is used by migration(s) ${used.map((m) => `"${m.name}"`).join(", ")}. Delete those migrations first.`,
    );
  await db().transaction(async (tx) => {
    await tx.delete(connections).where(eq(connections.id, id));
    await recordAudit(tx, {
      actor,
      action: "connection.delete",
      objectType: "connection",
      objectId: id,
      details: { name: view.name },
    });
  });
}
