import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Problem } from "@/contracts/problem";
import { POST as uploadRoute } from "@/app/api/uploads/route";
import { uploadsDir } from "@/server/config/env";
import { call, signIn } from "../setup/api";
import { upload } from "../setup/runs";

// A small limit for this file only: env() is read lazily, after this line, in this file's own module graph.
const LIMIT = 256 * 1024;
process.env.FERRY_MAX_UPLOAD_BYTES = String(LIMIT);

let cookie: string;
let dir: string;
let sqliteFile: string;

const problemOf = async (res: Response) => Problem.parse(await res.json());
const leftovers = async () =>
  (await readdir(uploadsDir()).catch(() => [])).filter((f) => f.endsWith(".part"));

beforeAll(async () => {
  cookie = await signIn("dba");
  dir = await mkdtemp(path.join(tmpdir(), "ferry-uploads-"));
  sqliteFile = path.join(dir, "small.sqlite");
  const db = new Database(sqliteFile);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');");
  db.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("uploads", () => {
  it("takes a real SQLite file under the limit", async () => {
    const res = await upload(cookie, sqliteFile);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ kind: "sqlite", fileName: "small.sqlite" });
  });

  it("refuses a file over FERRY_MAX_UPLOAD_BYTES with 413 naming the limit, and keeps nothing of it", async () => {
    const big = Buffer.concat([await readFile(sqliteFile), Buffer.alloc(LIMIT)]);
    const res = await upload(cookie, big, "big.sqlite");
    expect(res.status).toBe(413);
    const problem = await problemOf(res);
    expect(problem.code).toBe("too_large");
    expect(problem.detail).toMatch(/larger than the 262144 bytes upload limit \(FERRY_MAX_UPLOAD_BYTES\)/);
    expect(await leftovers()).toEqual([]);
  });

  it("refuses a body whose declared length is over the limit before reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    const res = await call(uploadRoute, {
      method: "POST",
      cookie,
      body,
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(10 * 1024 ** 3),
      },
    });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(2); // the stream's own read-ahead, nothing more
  });

  it.each([
    ["a CSV named .sqlite", Buffer.from("id,name\n1,Ada\n"), /is not a SQLite database or an MS Access file/],
    [
      "the SQLite header on garbage",
      Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(4096, 0x41)]),
      /could not be opened as a SQLite database/,
    ],
    [
      "the Jet header on garbage",
      Buffer.concat([
        Buffer.from([0, 1, 0, 0]),
        Buffer.from("Standard Jet DB\0", "latin1"),
        Buffer.from([1]),
        Buffer.alloc(8192, 0x42),
      ]),
      /could not be read as an Access database/,
    ],
    [
      "a ZIP archive",
      Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(100)]),
      /not a SQLite/,
    ],
    ["an empty file", Buffer.alloc(0), /empty/],
  ])("refuses %s with a 4xx that says why, and keeps nothing", async (_what, bytes, detail) => {
    const res = await upload(cookie, bytes, "upload.sqlite");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const problem = await problemOf(res);
    expect(problem.detail).toMatch(detail);
    expect(await leftovers()).toEqual([]);
  });
});
