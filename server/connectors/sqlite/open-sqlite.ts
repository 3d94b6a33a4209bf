import { open as openFile } from "node:fs/promises";
import Database from "better-sqlite3";
import { DomainError } from "@/server/errors";

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** True when the file starts with SQLite's 16-byte header. */
export async function hasSqliteHeader(filePath: string): Promise<boolean> {
  const fh = await openFile(filePath, "r");
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await fh.read(buf, 0, 16, 0);
    return bytesRead === 16 && buf.equals(MAGIC);
  } finally {
    await fh.close();
  }
}

/** Opens read-only; never creates, never writes, never runs a WAL checkpoint on the user's file. */
export function openSqlite(filePath: string): Database.Database {
  try {
    const database = new Database(filePath, { readonly: true, fileMustExist: true });
    database.pragma("query_only = true");
    // Ferry reads each table once per pass, in key order: better-sqlite3's default 16 MB page cache would only
    // hold pages never read again (the operating system caches the file).
    database.pragma("cache_size = -1024");
    database.prepare("SELECT count(*) FROM sqlite_master").get();
    return database;
  } catch (err) {
    throw new DomainError(
      400,
      "sqlite_unreadable",
      `The file could not be opened as a SQLite database (${(err as Error).message}). Upload a SQLite 3 database file (.sqlite, .db).`,
    );
  }
}
