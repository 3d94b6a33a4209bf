import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { judgeServer, testMssql, type ServerRow } from "./test-mssql";

// SERVER_SQL's row as SQL Server 2022 answers it through tedious (bigint as string).
const row: ServerRow = {
  product_version: "16.0.4135.4",
  edition: "Developer Edition (64-bit)",
  engine_edition: 3,
  login_name: "ferry",
  database_name: "AdventureWorks",
  collation_name: "SQL_Latin1_General_CP1_CI_AS",
  data_bytes: "272629760",
  table_count: 71,
  can_select: 1,
  can_view_definition: 1,
  snapshot_isolation_state_desc: "OFF",
  is_read_committed_snapshot_on: false,
  state_desc: "ONLINE",
};
const settings = { host: "sql01.corp", encrypt: true, trustServerCertificate: false };

describe("judgeServer", () => {
  it("passes a readable database and says how it will be read", () => {
    const r = judgeServer(row, settings);
    expect(r).toMatchObject({
      ok: true,
      serverVersion: "SQL Server 16.0.4135.4 (Developer Edition (64-bit))",
      currentUser: "ferry",
      encoding: "SQL_Latin1_General_CP1_CI_AS",
      sizeBytes: 272629760,
      tableCount: 71,
      problems: [],
    });
    expect(r.notes).toContainEqual(expect.stringMatching(/READ COMMITTED.*Stop the application's writes/));
  });

  it("names what is missing, with the statement that fixes it", () => {
    const r = judgeServer(
      { ...row, product_version: "12.0.6024.0", can_select: 0, can_view_definition: 0, table_count: 0 },
      { host: "sql01.corp", encrypt: false, trustServerCertificate: false },
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.stringMatching(/older than SQL Server 2016/),
      expect.stringMatching(/ALTER ROLE db_datareader ADD MEMBER \[ferry\];/),
      expect.stringMatching(/holds no user tables/),
    ]);
    expect(r.notes).toContainEqual(expect.stringMatching(/GRANT VIEW DEFINITION TO \[ferry\];/));
    expect(r.notes).toContainEqual(expect.stringMatching(/not encrypted/));
  });
});

describe("testMssql", () => {
  it("turns a refused connection into one problem, not an exception", async () => {
    const refused = new DomainError(400, "connection_failed", "Nothing accepted the connection at h:1433: …");
    const r = await testMssql(
      {
        host: "h",
        port: 1433,
        database: "db",
        user: "u",
        password: "pw",
        encrypt: true,
        trustServerCertificate: false,
      },
      () => Promise.reject(refused),
    );
    expect(r).toMatchObject({ ok: false, engine: "mssql", serverVersion: null, database: "db" });
    expect(r.problems).toEqual([refused.message]);
  });
});
