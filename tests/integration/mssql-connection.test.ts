import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ConnectionTestResult, ConnectionView } from "@/contracts/connections";
import { Problem } from "@/contracts/problem";
import { GET as listConnectionsRoute, POST as createConnectionRoute } from "@/app/api/connections/route";
import {
  GET as getConnectionRoute,
  PATCH as patchConnectionRoute,
} from "@/app/api/connections/[connectionId]/route";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { db } from "@/server/db/client";
import { auditEvents, connections } from "@/server/db/schema";
import { call, signIn } from "../setup/api";
import { createConnectionView } from "../setup/runs";

// No SQL Server runs on this machine: nothing listens on 127.0.0.1:1433, which is exactly what this tests.
const SECRET = "mssql-Secret-4711!";
let dba: string;

beforeAll(async () => {
  dba = await signIn("dba");
});

describe("an MSSQL connection", () => {
  it("is created from fields, says SQL Server is unreachable, and never shows or stores the password in the clear", async () => {
    const view = await createConnectionView(dba, {
      name: "AdventureWorks on SQL Server",
      engine: "mssql",
      host: "127.0.0.1",
      database: "AdventureWorks",
      user: "ferry",
      password: SECRET,
      trustServerCertificate: true,
    });
    expect(view).toMatchObject({
      engine: "mssql",
      summary: "ferry@127.0.0.1:1433/AdventureWorks (SQL Server)",
      postgres: null,
      mssql: {
        host: "127.0.0.1",
        port: 1433,
        database: "AdventureWorks",
        user: "ferry",
        encrypt: true,
        trustServerCertificate: true,
        hasPassword: true,
      },
    });

    const started = Date.now();
    const tested = await call(testConnectionRoute, {
      method: "POST",
      cookie: dba,
      params: { connectionId: view.id },
    });
    expect(tested.status).toBe(200);
    const result = ConnectionTestResult.parse(await tested.json());
    expect(result).toMatchObject({ ok: false, engine: "mssql", serverVersion: null, canBeTarget: false });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      /^Nothing accepted the connection at 127\.0\.0\.1:1433: SQL Server is unreachable there\. Check the host and port, that SQL Server is running, that TCP\/IP is enabled/,
    );
    expect(Date.now() - started).toBeLessThan(10_000); // refused at once, not the connect timeout

    // Listing its tables is a problem with the same words, not a 500.
    const tables = await call(tablesRoute, { cookie: dba, params: { connectionId: view.id } });
    expect(tables.status).toBe(400);
    expect(Problem.parse(await tables.json()).detail).toMatch(/SQL Server is unreachable/);

    // Editing without a password keeps the sealed one; the test is marked as not passed.
    const edited = await call(patchConnectionRoute, {
      method: "PATCH",
      cookie: dba,
      params: { connectionId: view.id },
      json: { port: 14330, trustServerCertificate: false },
    });
    expect(edited.status).toBe(200);
    expect(ConnectionView.parse(await edited.json()).mssql).toMatchObject({
      port: 14330,
      trustServerCertificate: false,
      hasPassword: true,
    });

    const [row] = await db().select().from(connections).where(eq(connections.id, view.id));
    expect(row!.engine).toBe("mssql");
    expect(row!.config).toEqual({
      engine: "mssql",
      host: "127.0.0.1",
      port: 14330,
      database: "AdventureWorks",
      user: "ferry",
      encrypt: true,
      trustServerCertificate: false,
    });
    expect(row!.secret).toBeTruthy();
    const bodies = [
      JSON.stringify(view),
      JSON.stringify(result),
      await (await call(getConnectionRoute, { cookie: dba, params: { connectionId: view.id } })).text(),
      await (await call(listConnectionsRoute, { cookie: dba })).text(),
      JSON.stringify(await db().select().from(auditEvents)),
      JSON.stringify(await db().select().from(connections)),
    ];
    for (const body of bodies) expect(body).not.toContain(SECRET);
  });

  it("is created from a JDBC-style URL whose password is sealed like the fields' one", async () => {
    const url = `jdbc:sqlserver://127.0.0.1:1433;databaseName=Sales;user=sa;password=${SECRET};encrypt=false`;
    const view = await createConnectionView(dba, { name: "Sales by URL", engine: "mssql", url });
    expect(view.mssql).toMatchObject({ database: "Sales", user: "sa", encrypt: false, hasPassword: true });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(await db().select().from(connections))).not.toContain(SECRET);
    const result = ConnectionTestResult.parse(
      await (
        await call(testConnectionRoute, { method: "POST", cookie: dba, params: { connectionId: view.id } })
      ).json(),
    );
    expect(result.problems[0]).toMatch(/SQL Server is unreachable/);
  });

  it("answers a bad URL with a 400 that says what is missing", async () => {
    const res = await call(createConnectionRoute, {
      method: "POST",
      cookie: dba,
      json: { name: "No database", engine: "mssql", url: "mssql://ferry@127.0.0.1:1433" },
    });
    expect(res.status).toBe(400);
    expect(Problem.parse(await res.json()).detail).toMatch(/names no database/);
  });
});
