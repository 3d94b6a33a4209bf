import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DryRunResult } from "@/contracts/migrations";
import { PreflightReport } from "@/contracts/preflight";
import { POST as dryRunRoute } from "@/app/api/migrations/[migrationId]/dry-run/route";
import {
  GET as preflightGet,
  POST as preflightPost,
} from "@/app/api/migrations/[migrationId]/preflight/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { freshMariadb, withMariadb } from "../setup/mariadb";
import { createConnection, createMigration, startRun, waitForRun } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

// Triggers, routines, events and views, which Ferry reports and does not migrate; defaults, which it carries.
const SOURCE_DB = "ferry_it_mysql_legacy";
const USER = "ferry_it_my_legacy";
const PASSWORD = "ferry-my-legacy-1";

const SCHEMA = `
CREATE TABLE accounts (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(40) NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'it''s new',
  credit DECIMAL(10,2) NOT NULL DEFAULT -2.50,
  tries INT DEFAULT 3,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  token VARCHAR(36) DEFAULT (uuid()),
  hashed VARCHAR(64) DEFAULT (md5('x')),
  bio TEXT
);
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT, at DATETIME);
CREATE TRIGGER trg_accounts_audit AFTER INSERT ON accounts FOR EACH ROW
  INSERT INTO audit (account_id, at) VALUES (NEW.id, NOW());
CREATE PROCEDURE close_account(IN a INT) UPDATE accounts SET active = 0 WHERE id = a;
CREATE FUNCTION credit_of(a INT) RETURNS DECIMAL(10,2) READS SQL DATA RETURN (SELECT credit FROM accounts WHERE id = a);
CREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit;
CREATE VIEW v_active AS SELECT id, name FROM accounts WHERE active = 1;
`;

let cookie: string;
let auditor: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;
let source: Awaited<ReturnType<typeof freshMariadb>>;
let sourceId: string;
let blindSourceId: string;
let targetId: string;

beforeAll(async () => {
  cookie = await signIn("dba");
  auditor = await signIn("auditor");
  source = await freshMariadb(SOURCE_DB, USER, PASSWORD);
  await withMariadb(async (c) => {
    await c.query(SCHEMA);
    await c.query(
      `INSERT INTO accounts (name, bio) SELECT CONCAT('account ', seq), REPEAT('bio ', 50) FROM seq_1_to_4000`,
    );
    // The test user may see triggers, routines and events; a second, read-only one may not.
    await c.query(`GRANT TRIGGER, EVENT, EXECUTE ON \`${SOURCE_DB}\`.* TO '${USER}'@'%'`);
    await c.query(`DROP USER IF EXISTS '${USER}_ro'@'%'`);
    await c.query(`CREATE USER '${USER}_ro'@'%' IDENTIFIED BY '${PASSWORD}'`);
    await c.query(`GRANT SELECT, SHOW VIEW ON \`${SOURCE_DB}\`.* TO '${USER}_ro'@'%'`);
    await c.query(`ANALYZE TABLE accounts, audit`);
  }, SOURCE_DB);
  target = await freshDatabase("ferry_it_mysql_legacy_target");
  worker = await startWorker();
  const mariadb = { engine: "mysql", host: "127.0.0.1", database: SOURCE_DB, sslmode: "disable" };
  sourceId = await createConnection(cookie, { ...mariadb, name: "Legacy", user: USER, password: PASSWORD });
  blindSourceId = await createConnection(cookie, {
    ...mariadb,
    name: "Legacy read-only",
    user: `${USER}_ro`,
    password: PASSWORD,
  });
  targetId = await createConnection(cookie, {
    name: "Legacy target",
    engine: "postgres",
    url: `${target.url}?sslmode=disable`,
  });
});

afterAll(async () => {
  await worker?.stop();
  await target?.drop();
  await withMariadb((c) => c.query(`DROP USER IF EXISTS '${USER}_ro'@'%'`)).catch(() => undefined);
  await source?.drop();
});

async function dryRun(migrationId: string): Promise<DryRunResult> {
  const res = await call(dryRunRoute, { method: "POST", cookie, params: { migrationId } });
  expect(res.status, await res.clone().text()).toBe(200);
  return DryRunResult.parse(await res.json());
}

async function preflightCheck(migrationId: string, id: string) {
  const started = await call(preflightPost, { method: "POST", cookie, params: { migrationId } });
  expect(started.status, await started.clone().text()).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const report = PreflightReport.parse(
      await (await call(preflightGet, { cookie: auditor, params: { migrationId } })).json(),
    );
    if (report.status === "finished") return report.checks.find((c) => c.id === id);
    if (report.status === "failed" || Date.now() > deadline)
      throw new Error(`preflight ${report.status}: ${report.error}\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("MariaDB legacy objects", () => {
  it("dry run: storage bytes per table, and every trigger, routine, event and view named as not migrated", async () => {
    const migrationId = await createMigration(cookie, { name: "legacy dry", sourceId, targetId });
    const dry = await dryRun(migrationId);
    const accounts = dry.tables.find((t) => t.name === "accounts")!;
    // 4,000 rows of ~250 bytes: InnoDB's data pages hold about 1 MB, never less than the values themselves.
    expect(accounts.bytes).toBeGreaterThan(4000 * 200);
    expect(accounts.bytes).toBeLessThan(20 * 1024 * 1024);
    expect(dry.totals.bytes).not.toBeNull();
    expect(dry.bytesBasis).toMatch(/DATA_LENGTH/);
    expect(dry.warnings).toEqual(
      expect.arrayContaining([
        'Trigger "trg_accounts_audit" on table "accounts" (AFTER INSERT) is not migrated; recreate it in PL/pgSQL (a trigger function and CREATE TRIGGER).',
        'Stored procedure "close_account" is not migrated; recreate it in PL/pgSQL (CREATE PROCEDURE).',
        'Stored function "credit_of" is not migrated; recreate it in PL/pgSQL (CREATE FUNCTION).',
        expect.stringMatching(/^Event "purge_audit" is not migrated/),
        expect.stringMatching(/^View\(s\) "v_active" are not migrated/),
        expect.stringMatching(/^Default of "accounts"\."hashed" \(md5\('x'\)\) is left out/),
      ]),
    );
    expect(dry.warnings.join("\n")).not.toMatch(/could not be checked/);

    const check = await preflightCheck(migrationId, "not-carried");
    expect(check?.verdict).toBe("warn");
    expect(check?.evidence).toContain('Trigger "trg_accounts_audit" on table "accounts"');
    expect(check?.evidence).toContain('Default of "accounts"."hashed"');
  });

  it("says so when the user's privileges hide triggers, routines and events", async () => {
    const dry = await dryRun(
      await createMigration(cookie, { name: "legacy blind", sourceId: blindSourceId, targetId }),
    );
    const warnings = dry.warnings.join("\n");
    expect(warnings).not.toMatch(/Trigger "trg_accounts_audit"/);
    expect(warnings).toMatch(
      /Triggers could not be checked: user ferry_it_my_legacy_ro@% lacks the TRIGGER privilege/,
    );
    expect(warnings).toMatch(/Stored procedures and functions could not be checked/);
    expect(warnings).toMatch(/Events could not be checked/);
  });

  it("carries the defaults it can translate: a row inserted on the target without those columns gets them", async () => {
    const migrationId = await createMigration(cookie, {
      name: "legacy run",
      sourceId,
      targetId,
      tables: ["accounts"],
    });
    const run = await waitForRun(cookie, await startRun(cookie, migrationId), { output: worker.output });
    expect(run.error, worker.output().slice(-3000)).toBeNull();
    expect(run.status).toBe("succeeded");
    await withClient(target.url, async (c) => {
      const { rows } = await c.query(
        `INSERT INTO public.accounts (name) VALUES ('fresh') RETURNING id, status, credit::text, tries, active,
                created_at > now() - interval '1 day' AS recent, token ~ '^[0-9a-f-]{36}$' AS uuid, hashed`,
      );
      expect(rows[0]).toEqual({
        id: 4001,
        status: "it's new",
        credit: "-2.50",
        tries: 3,
        active: true,
        recent: true,
        uuid: true,
        hashed: null,
      });
    });
  });
});
