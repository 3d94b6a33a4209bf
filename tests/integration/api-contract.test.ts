import { beforeAll, describe, expect, it } from "vitest";
import { Problem } from "@/contracts/problem";
import { GET as meRoute } from "@/app/api/auth/me/route";
import { POST as loginRoute } from "@/app/api/auth/login/route";
import { GET as listConnectionsRoute, POST as createConnectionRoute } from "@/app/api/connections/route";
import {
  DELETE as deleteConnectionRoute,
  GET as getConnectionRoute,
  PATCH as patchConnectionRoute,
} from "@/app/api/connections/[connectionId]/route";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { POST as createMigrationRoute } from "@/app/api/migrations/route";
import { GET as runRoute } from "@/app/api/runs/[runId]/route";
import { db } from "@/server/db/client";
import { auditEvents, connections } from "@/server/db/schema";
import { call, signIn } from "../setup/api";
import { createConnection, upload } from "../setup/runs";

const SECRET = "ferry-pw-secret";
let dba: string;
let auditor: string;

beforeAll(async () => {
  dba = await signIn("dba");
  auditor = await signIn("auditor");
});

async function problemOf(res: Response): Promise<Problem> {
  return Problem.parse(await res.json());
}

describe("the one guard", () => {
  it("answers 401 without a session and 403 for a role that may not act", async () => {
    expect((await call(meRoute)).status).toBe(401);
    const res = await call(createConnectionRoute, {
      method: "POST",
      cookie: auditor,
      json: { name: "x", engine: "postgres", url: "postgres://a@b/c" },
    });
    expect(res.status).toBe(403);
    expect((await problemOf(res)).detail).toMatch(/auditor/);
    expect((await call(listConnectionsRoute, { cookie: auditor })).status).toBe(200);
  });

  it("answers 400 with the zod issues for invalid input", async () => {
    const res = await call(createMigrationRoute, {
      method: "POST",
      cookie: dba,
      json: { name: "", sourceId: "nope" },
    });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.code).toBe("invalid_input");
    expect(problem.issues!.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["name", "sourceId", "targetId"]),
    );
  });

  it("answers 404 for unknown and malformed ids", async () => {
    expect(
      (await call(runRoute, { cookie: dba, params: { runId: "00000000-0000-4000-8000-000000000000" } }))
        .status,
    ).toBe(404);
    expect((await call(runRoute, { cookie: dba, params: { runId: "not-a-uuid" } })).status).toBe(404);
  });

  it("refuses a cross-site mutation", async () => {
    const res = await call(createConnectionRoute, {
      method: "POST",
      cookie: dba,
      headers: { origin: "https://evil.example" },
      json: {},
    });
    expect(res.status).toBe(403);
  });

  it("rejects a wrong password at login with one message for both unknown user and wrong password", async () => {
    const wrong = await call(loginRoute, {
      method: "POST",
      json: { email: "dba@ferry.test", password: "nope" },
    });
    const unknown = await call(loginRoute, {
      method: "POST",
      json: { email: "ghost@ferry.test", password: "nope" },
    });
    expect(wrong.status).toBe(401);
    expect((await problemOf(wrong)).detail).toBe((await problemOf(unknown)).detail);
  });
});

describe("connections", () => {
  it("says exactly what is wrong with a wrong password, and never returns or stores the password in the clear", async () => {
    const id = await createConnection(dba, {
      name: "Wrong password",
      engine: "postgres",
      host: "127.0.0.1",
      port: 5432,
      database: "postgres",
      user: "ferry_pw",
      password: "wrong-password",
      sslmode: "disable",
    });
    const test = await call(testConnectionRoute, {
      method: "POST",
      cookie: dba,
      params: { connectionId: id },
    });
    const result = (await test.json()) as { ok: boolean; problems: string[] };
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(
      /Password authentication failed for user "ferry_pw" on 127\.0\.0\.1:5432\. Check the password/,
    );

    const fixed = await call(patchConnectionRoute, {
      method: "PATCH",
      cookie: dba,
      params: { connectionId: id },
      json: { password: SECRET },
    });
    expect(fixed.status).toBe(200);
    const retest = (await (
      await call(testConnectionRoute, { method: "POST", cookie: dba, params: { connectionId: id } })
    ).json()) as {
      ok: boolean;
      currentUser: string;
      serverVersion: string;
      problems: string[];
    };
    // Signed in now, and the test names what is still missing for a target, with the statement that fixes it.
    expect(retest).toMatchObject({ ok: false, currentUser: "ferry_pw" });
    expect(retest.serverVersion).toMatch(/^PostgreSQL /);
    expect(retest.problems).toContainEqual(
      expect.stringMatching(
        /no CREATE privilege on database "postgres".*GRANT CREATE ON DATABASE "postgres" TO "ferry_pw";/,
      ),
    );

    const bodies = [
      await (await call(getConnectionRoute, { cookie: dba, params: { connectionId: id } })).text(),
      await (await call(listConnectionsRoute, { cookie: dba })).text(),
      JSON.stringify(await db().select().from(auditEvents)),
      JSON.stringify(await db().select().from(connections)),
    ];
    for (const body of bodies) expect(body).not.toContain(SECRET);
    expect(bodies[0]).toContain('"hasPassword":true');

    expect(
      (
        await call(deleteConnectionRoute, {
          method: "DELETE",
          cookie: dba,
          params: { connectionId: id },
        })
      ).status,
    ).toBe(204);
    expect((await call(getConnectionRoute, { cookie: dba, params: { connectionId: id } })).status).toBe(404);
  });

  it("names an unreachable host and a missing database in words a DBA can act on", async () => {
    const make = async (url: string) => {
      const id = await createConnection(dba, { name: url, engine: "postgres", url });
      return (
        (await (
          await call(testConnectionRoute, { method: "POST", cookie: dba, params: { connectionId: id } })
        ).json()) as { problems: string[] }
      ).problems[0];
    };
    expect(await make("postgres://postgres@127.0.0.1:1/postgres?sslmode=disable")).toMatch(
      /Nothing accepted the connection at 127\.0\.0\.1:1/,
    );
    expect(await make("postgres://postgres@127.0.0.1:5432/no_such_db_here?sslmode=disable")).toMatch(
      /Database "no_such_db_here" does not exist/,
    );
  });

  it("refuses an upload that is not a SQLite database, and keeps nothing of it", async () => {
    const res = await upload(dba, Buffer.from("id,name\n1,Ada\n"), "customers.csv");
    expect(res.status).toBe(400);
    expect((await problemOf(res)).detail).toMatch(/"customers\.csv" is not a SQLite database/);
  });
});
