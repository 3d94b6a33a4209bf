import { isUtf8 } from "node:buffer";
import Database from "better-sqlite3";

export type PageTask = { file: string; sql: string; lo: string; hi: string; skip?: string };
/** `rendered < n` means some value needs the careful path; then `bytes` is incomplete and must be discarded. */
export type PageResult = { bytes: Uint8Array; n: number; rendered: number };

const databases = new Map<string, Database.Database>();
const statements = new Map<string, Database.Statement>();

function statement(file: string, sql: string): Database.Statement {
  const key = `${file}\0${sql}`;
  let stmt = statements.get(key);
  if (!stmt) {
    let db = databases.get(file);
    if (!db) {
      db = new Database(file, { readonly: true, fileMustExist: true });
      // As openSqlite: each page reads its rowid range once.
      db.pragma("cache_size = -1024");
      databases.set(file, db);
    }
    stmt = db.prepare(sql).safeIntegers(true);
    statements.set(key, stmt);
  }
  return stmt;
}

/** Renders one rowid range to COPY text inside SQLite; runs in a render thread or inline. */
export function renderPage(task: PageTask): PageResult {
  const args: unknown[] = [BigInt(task.lo), BigInt(task.hi)];
  if (task.skip !== undefined) args.push(task.skip);
  const row = statement(task.file, task.sql).get(...args) as {
    text: Buffer | null;
    n: bigint;
    rendered: bigint;
  };
  const bytes = row.text ?? Buffer.alloc(0);
  // A page holding text that is not valid UTF-8 goes value by value, where the bad rows are rejected.
  const rendered = isUtf8(bytes) ? Number(row.rendered) : -1;
  return { bytes, n: Number(row.n), rendered };
}

/** Lets a thread forget a file (its handle keeps the upload open otherwise). */
export function forgetFile(file: string): void {
  for (const key of statements.keys()) if (key.startsWith(`${file}\0`)) statements.delete(key);
  databases.get(file)?.close();
  databases.delete(file);
}
