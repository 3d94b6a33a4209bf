// The stack the e2e drives: a fresh Ferry database, the built app on E2E_PORT and the bundled worker.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { E2E_ENV, E2E_PORT, E2E_USERS, e2eDb, e2eDbUrl } from "./stack-env";

Object.assign(process.env, E2E_ENV, { FERRY_DATA_DIR: mkdtempSync(path.join(tmpdir(), "ferry-e2e-")) });

const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const owned = [
  "target",
  "occupied",
  "pg_source",
  "pg_target",
  "types_target",
  "rollback_target",
  "cli_target",
  "many_source",
  "many_target",
].map(e2eDb);
for (const db of [e2eDb(), ...owned]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
for (const db of owned) await admin.query(`CREATE DATABASE ${db}`);
await admin.end();
// A PostgreSQL source for the PostgreSQL → PostgreSQL journey: two schemas, one big enough to watch.
const pgSource = new pg.Client({
  connectionString: e2eDbUrl("pg_source"),
});
await pgSource.connect();
await pgSource.query(`
  CREATE SCHEMA archive;
  CREATE TABLE archive.old_orders (id int PRIMARY KEY, note text);
  INSERT INTO archive.old_orders SELECT g, 'old ' || g FROM generate_series(1, 1000) g;
  CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
  INSERT INTO customers SELECT g, 'Customer ' || g FROM generate_series(1, 2000) g;
  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
                       placed_at timestamptz NOT NULL, total numeric(12, 2));
  INSERT INTO orders SELECT g, 1 + g % 2000, '2025-01-01'::timestamptz + g * interval '1 minute', g % 997 * 1.25
    FROM generate_series(1, 300000) g;
  CREATE INDEX orders_placed_at ON orders (placed_at);
  CREATE VIEW big_spenders AS SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id;`);
await pgSource.end();
// A schema of many small tables (a tenant table each), more than the run page draws at a time.
const manySource = new pg.Client({ connectionString: e2eDbUrl("many_source") });
await manySource.connect();
await manySource.query(`
  CREATE TABLE tenants (id int PRIMARY KEY, name text NOT NULL);
  INSERT INTO tenants SELECT g, 'Tenant ' || g FROM generate_series(1, 5) g;
  DO $$ BEGIN FOR i IN 1..130 LOOP
    EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY, tenant_id int NOT NULL REFERENCES tenants (id), note text)',
                   'ledger_' || lpad(i::text, 3, '0'));
    EXECUTE format('INSERT INTO %I SELECT g, 1 + g %% 5, ''entry '' || g FROM generate_series(1, 20) g',
                   'ledger_' || lpad(i::text, 3, '0'));
  END LOOP; END $$;`);
await manySource.end();
spawnSync("bash", ["tests/setup/ensure-password-role.sh"], { stdio: "inherit" });

const { migrateFerryDatabase } = await import("@/server/db/migrate");
const { ensureUser } = await import("@/server/auth/ensure-user");
const { closeDb } = await import("@/server/db/client");
await migrateFerryDatabase(E2E_ENV.DATABASE_URL);
for (const u of E2E_USERS) await ensureUser(u);
await closeDb();

if (spawnSync("npm", ["run", "--silent", "build:worker"], { stdio: "inherit" }).status !== 0) process.exit(1);
const children: ChildProcess[] = [
  spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(E2E_PORT)], {
    stdio: "inherit",
    env: process.env,
  }),
  spawn(process.execPath, ["--max-old-space-size=128", "dist/main.js"], {
    stdio: "inherit",
    env: process.env,
  }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("exit", stop);
