import { createHash, randomUUID } from "node:crypto";
import { copyFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import { uploadsDir } from "@/server/config/env";
import { db } from "@/server/db/client";
import { connections, uploads } from "@/server/db/schema";

const DEMO_SOURCE = "Chinook (demo SQLite)";
const DEMO_TARGET = "Local PostgreSQL — ferry_demo_target";

/** A SQLite source holding Chinook and a target on a local database, once; later calls change nothing. */
export async function seedDemo(opts: {
  adminId: string;
  fixture: string;
  pgUrl: string;
  targetDatabase: string;
}): Promise<void> {
  const have = await db().select({ name: connections.name }).from(connections);
  const names = new Set(have.map((c) => c.name));

  if (!names.has(DEMO_SOURCE)) {
    await mkdir(uploadsDir(), { recursive: true });
    const id = randomUUID();
    const storedName = `${id}.sqlite`;
    await copyFile(opts.fixture, path.join(uploadsDir(), storedName));
    const bytes = await readFile(opts.fixture);
    await db()
      .insert(uploads)
      .values({
        id,
        fileName: path.basename(opts.fixture),
        storedName,
        kind: "sqlite",
        sizeBytes: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        createdBy: opts.adminId,
      });
    await db()
      .insert(connections)
      .values({
        name: DEMO_SOURCE,
        engine: "sqlite",
        config: { engine: "sqlite", uploadId: id },
        createdBy: opts.adminId,
      });
  }

  const url = new URL(opts.pgUrl);
  const admin = new pg.Client({ connectionString: opts.pgUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.targetDatabase]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(opts.targetDatabase)}`);
  } finally {
    await admin.end();
  }
  if (!names.has(DEMO_TARGET)) {
    await db()
      .insert(connections)
      .values({
        name: DEMO_TARGET,
        engine: "postgres",
        config: {
          engine: "postgres",
          host: url.hostname,
          port: Number(url.port || 5432),
          database: opts.targetDatabase,
          user: decodeURIComponent(url.username || "postgres"),
          sslmode: "disable",
        },
        createdBy: opts.adminId,
      });
  }
  const [source] = await db().select().from(connections).where(eq(connections.name, DEMO_SOURCE));
  console.log(`[setup] demo source "${source?.name}" and target "${DEMO_TARGET}" are ready`);
}
