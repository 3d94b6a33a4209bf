import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportV1 } from "@/contracts/reports";
import type { RunSnapshot } from "@/contracts/runs";
import { POST as testConnectionRoute } from "@/app/api/connections/[connectionId]/test/route";
import { GET as tablesRoute } from "@/app/api/connections/[connectionId]/tables/route";
import { GET as reportRoute } from "@/app/api/runs/[runId]/report/route";
import { call, signIn } from "../setup/api";
import { freshDatabase, withClient } from "../setup/databases";
import { createConnection, migrateAndWait } from "../setup/runs";
import { startWorker } from "../setup/worker-process";

const SOURCE_SQL = `
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ferry_it_reader') THEN CREATE ROLE ferry_it_reader; END IF; END$$;
CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION pgcrypto; CREATE EXTENSION citext; CREATE EXTENSION hstore;
CREATE EXTENSION ltree; CREATE EXTENSION vector;
CREATE SCHEMA "Sales Data";
CREATE TYPE mood AS ENUM ('calm', 'busy', 'on fire');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uid uuid NOT NULL DEFAULT uuid_generate_v4(),
  email citext UNIQUE NOT NULL,
  "Display ""Name""" text,
  mood mood,
  attrs hstore,
  path ltree,
  embedding vector(3),
  score double precision,
  balance numeric(12, 2),
  photo bytea,
  seen_at timestamptz,
  born date,
  tags text[],
  doc jsonb,
  name_upper text GENERATED ALWAYS AS (upper("Display ""Name""")) STORED
);
CREATE INDEX customers_embedding_hnsw ON customers USING hnsw (embedding vector_l2_ops);
CREATE TABLE "Sales Data"."Orders 注文" (
  id serial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  qty positive_int NOT NULL,
  placed_at timestamp NOT NULL,
  "select" text
);
CREATE TABLE events (at timestamptz NOT NULL, kind text, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE audit_log (msg text, at timestamptz DEFAULT now());
CREATE TABLE "Key Variants" (
  id integer NOT NULL,
  code text NOT NULL,
  slot integer,
  during tsrange,
  CONSTRAINT "Key Variants_pkey" PRIMARY KEY (id) INCLUDE (code) WITH (fillfactor = 70),
  CONSTRAINT kv_code_deferred UNIQUE (code) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT kv_slot UNIQUE NULLS NOT DISTINCT (slot),
  CONSTRAINT kv_no_overlap EXCLUDE USING gist (during WITH &&)
);
CREATE UNIQUE INDEX kv_code_desc ON "Key Variants" (code DESC);
CREATE SEQUENCE invoice_no START 1000;
CREATE VIEW busy_customers AS SELECT id, email FROM customers WHERE mood = 'busy';
CREATE MATERIALIZED VIEW orders_per_customer AS SELECT customer_id, count(*) AS n FROM "Sales Data"."Orders 注文" GROUP BY customer_id;
CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit_log (msg) VALUES ('order ' || NEW.id); RETURN NEW; END $$;
CREATE TRIGGER orders_audit AFTER INSERT ON "Sales Data"."Orders 注文" FOR EACH ROW EXECUTE FUNCTION log_order();
CREATE TRIGGER orders_audit_disabled AFTER UPDATE ON "Sales Data"."Orders 注文" FOR EACH ROW EXECUTE FUNCTION log_order();
ALTER TABLE "Sales Data"."Orders 注文" DISABLE TRIGGER orders_audit_disabled;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON customers USING (email = current_user::citext);
INSERT INTO customers (email, "Display ""Name""", mood, attrs, path, embedding, score, balance, photo, seen_at, born, tags, doc)
SELECT 'user' || g || '@example.com', CASE WHEN g % 5 = 0 THEN NULL ELSE 'Ü' || g || E'\\ttab "q"' END,
       (ARRAY['calm','busy','on fire'])[1 + g % 3]::mood, hstore('k', g::text), ('top.' || (g % 7))::ltree,
       ARRAY[g, g / 2.0, 1.0 / (g + 1)]::vector, 1.0 / (g + 3), g * 1.25, decode(md5(g::text), 'hex'),
       '2024-05-01 10:00:00+02'::timestamptz + g * interval '1 minute', '2000-01-01'::date + g, ARRAY['a', g::text], jsonb_build_object('g', g)
FROM generate_series(1, 3000) g;
INSERT INTO "Sales Data"."Orders 注文" (customer_id, qty, placed_at, "select")
SELECT 1 + g % 3000, 1 + g % 9, '2024-01-01'::timestamp + g * interval '1 hour', CASE WHEN g % 2 = 0 THEN 'x' END FROM generate_series(1, 5000) g;
INSERT INTO events SELECT '2024-06-01'::timestamptz + g * interval '2 hours', 'k' || g % 4, jsonb_build_object('n', g) FROM generate_series(1, 6000) g;
INSERT INTO "Key Variants" SELECT g, 'c' || g, CASE WHEN g = 7 THEN NULL ELSE g END,
       tsrange('2024-01-01'::timestamp + g * interval '1 day', '2024-01-01'::timestamp + g * interval '1 day' + interval '1 hour')
FROM generate_series(1, 50) g;
-- Over 10,000 rows and without a key: copied whole, alone (not in a batch of small tables), so frozen.
INSERT INTO audit_log (msg) SELECT 'seed ' || g FROM generate_series(1, 8000) g;
SELECT setval('invoice_no', 4242);
GRANT SELECT ON customers TO ferry_it_reader;
REFRESH MATERIALIZED VIEW orders_per_customer;
`;

let cookie: string;
let worker: Awaited<ReturnType<typeof startWorker>>;
let source: Awaited<ReturnType<typeof freshDatabase>>;
let target: Awaited<ReturnType<typeof freshDatabase>>;

const connection = (name: string, url: string): Promise<string> =>
  createConnection(cookie, { name, engine: "postgres", url: `${url}?sslmode=disable` });

async function run(
  sourceId: string,
  targetId: string,
  choices: { tables?: string[]; options?: Record<string, unknown> } = {},
): Promise<RunSnapshot> {
  return migrateAndWait(
    cookie,
    // Small chunks, so the key-range split runs on tables with Unicode and quoted names too.
    {
      name: `pg ${Date.now()}`,
      sourceId,
      targetId,
      tables: choices.tables,
      options: { chunkRows: 1000, ...choices.options },
    },
    { timeoutMs: 90_000, intervalMs: 250, output: worker.output },
  );
}

beforeAll(async () => {
  cookie = await signIn("dba");
  source = await freshDatabase("ferry_it_pg_source");
  target = await freshDatabase("ferry_it_pg_target");
  await withClient(source.url, (c) => c.query(SOURCE_SQL));
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await source?.drop();
  await target?.drop();
});

describe("PostgreSQL → PostgreSQL", () => {
  it("probes the source: version, user, object inventory and extensions", async () => {
    const id = await connection("pg source probe", source.url);
    const result = (await (
      await call(testConnectionRoute, { method: "POST", cookie, params: { connectionId: id } })
    ).json()) as { ok: boolean; serverVersion: string; notes: string[] };
    expect(result.serverVersion).toMatch(/^PostgreSQL 15/);
    const notes = result.notes.join(" ");
    expect(notes).toMatch(/2 partitions/);
    expect(notes).toMatch(/1 materialized views/);
    expect(notes).toMatch(/2 triggers/);
    expect(notes).toMatch(/1 policies/);
    expect(notes).toMatch(/vector 0\.8\.1/);
    const tables = (await (await call(tablesRoute, { cookie, params: { connectionId: id } })).json()) as {
      schema: string;
      name: string;
      rowCount: number;
    }[];
    expect(tables.find((t) => t.name === "Orders 注文")).toMatchObject({
      schema: "Sales Data",
      rowCount: 5000,
    });
    expect(tables.find((t) => t.name === "events_2024")?.rowCount).toBeGreaterThan(0);
    expect(tables.some((t) => t.name === "events")).toBe(false); // the partitioned parent holds no rows of its own
  });

  it("migrates every object kind and every row, and the report proves it", async () => {
    const sessionsOn = async (url: string) =>
      withClient(
        url,
        async (c) =>
          (
            await c.query<{ n: number }>(
              "SELECT sessions::int AS n FROM pg_stat_database WHERE datname = current_database()",
            )
          ).rows[0]!.n,
      );
    const sessionsBefore = { source: await sessionsOn(source.url), target: await sessionsOn(target.url) };
    const snap = await run(
      await connection("pg source", source.url),
      await connection("pg target", target.url),
    );
    expect(snap.error, JSON.stringify(snap.log)).toBeNull();
    // customers (3,000 rows) and the Unicode-named orders table (5,000) copy as 1,000-row key ranges.
    const chunks = Number(
      /Planned (1[0-9]) chunk\(s\): 2 table\(s\) split into key ranges/.exec(
        snap.log.map((l) => l.message).join("\n"),
      )?.[1],
    );
    expect(chunks).toBeGreaterThanOrEqual(10);
    // A chunk hands its sessions on to the next chunk of the run: the source saw fewer connections (snapshot,
    // catalog reads, pg_dump, verification and every copy together) than there were chunks. The target's
    // schema sections, index builds and checks run on the run's own sessions.
    const opened = {
      source: (await sessionsOn(source.url)) - sessionsBefore.source,
      target: (await sessionsOn(target.url)) - sessionsBefore.target,
    };
    expect(opened.source).toBeLessThan(chunks);
    expect(opened.target, JSON.stringify(opened)).toBeLessThanOrEqual(8);
    // Index builds are counted against the source's indexes (pg_stat_progress_create_index feeds the live step).
    expect(snap.log.map((l) => l.message).join("\n")).toMatch(/Built ([1-9]\d*) of \1 indexes/);
    // The FK of the orders table is added as soon as it and customers have their keys, while others copy.
    expect(snap.log.map((l) => l.message).join("\n")).toMatch(
      /each FK once both its tables were keyed \([1-9]\d*\)/,
    );
    // A table is analyzed as soon as its keys, indexes and FKs are in; the rest (if any) beside verification,
    // and the log's counts add up to every planned table.
    const log = snap.log.map((l) => l.message).join("\n");
    const planned = Number(/Planned (\d+) table\(s\)/.exec(log)![1]);
    const early = Number(/analyzed ([1-9]\d*) table\(s\) as soon as they were finished/.exec(log)![1]);
    const rest = /Analyzed the other (\d+) of (\d+) table\(s\) .* beside verification/.exec(log);
    expect(early + Number(rest?.[1] ?? 0)).toBe(planned);
    if (rest) expect(Number(rest[2])).toBe(planned);
    expect(snap.status).toBe("succeeded");
    const report = ReportV1.parse(
      await (await call(reportRoute, { cookie, params: { runId: snap.id } })).json(),
    );
    expect(report.ok).toBe(true);
    expect(report.consistency).toMatch(/one snapshot of the source/);
    expect(report.source.fingerprint).toMatch(/^PostgreSQL 15.*snapshot .*WAL LSN/);
    for (const t of report.tables) expect(t.sourceChecksum, t.name).toBe(t.targetChecksum);
    expect(report.tables.find((t) => t.name === "Sales Data.Orders 注文")).toMatchObject({
      sourceRows: 5000,
      targetRows: 5000,
      match: true,
    });
    // Which hash each table got: without a key a multiset; with one, both sides' binary COPY when every column
    // type is built in or a domain over one (one major version), else the canonical text (extension types, enums).
    const method = (name: string) => report.tables.find((t) => t.name === name)?.checksumMethod;
    expect(method("public.audit_log")).toBe("multiset");
    expect(method("public.Key Variants")).toBe("binary-key-ordered");
    expect(method("public.customers")).toBe("key-ordered");
    expect(method("Sales Data.Orders 注文")).toBe("binary-key-ordered");
    const kinds = report.checks.map((c) => c.name);
    for (const k of [
      "schemas",
      "tables",
      "partitions",
      "views",
      "materialized views",
      "functions",
      "triggers",
      "policies",
      "indexes",
      "constraints",
      "sequences",
      "types",
      "domains",
      "extensions",
    ])
      expect(kinds).toContain(`objects: ${k}`);
    expect(
      report.checks.every((c) => c.ok),
      JSON.stringify(report.checks.filter((c) => !c.ok)),
    ).toBe(true);

    await withClient(target.url, async (c) => {
      // Triggers kept their enabled state, the identity and the standalone sequence continue where the source was.
      const triggers = await c.query(
        `SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
      );
      expect(triggers.rows).toEqual([
        { tgname: "orders_audit", tgenabled: "O" },
        { tgname: "orders_audit_disabled", tgenabled: "D" },
      ]);
      expect((await c.query(`SELECT nextval('invoice_no') AS n`)).rows[0].n).toBe("4243");
      // Every copied table has planner statistics, from the ANALYZE run early or beside verification.
      const unanalyzed = await c.query(
        `SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
          WHERE c.relkind = 'r' AND s.last_analyze IS NULL AND s.n_live_tup > 0 ORDER BY 1`,
      );
      expect(unanalyzed.rows).toEqual([]);
      // Tables copied whole went in frozen (COPY FREEZE): every page all-visible and all-frozen, so no first
      // reader sets hint bits and no anti-wraparound VACUUM has to rewrite them. Key ranges cannot be frozen,
      // and small tables batched together are emptied with DELETE (cheaper than TRUNCATE's new files) instead.
      await c.query("BEGIN");
      await c.query("CREATE EXTENSION pg_visibility");
      const frozen = await c.query<{ t: string; frozen: boolean }>(
        `SELECT t, s.all_frozen = pg_relation_size(t::regclass) / current_setting('block_size')::int
                   AND s.all_frozen > 0 AS frozen
           FROM unnest(ARRAY['public.audit_log', 'public.customers']) t,
                LATERAL pg_visibility_map_summary(t::regclass) s`,
      );
      await c.query("ROLLBACK");
      expect(Object.fromEntries(frozen.rows.map((r) => [r.t, r.frozen]))).toEqual({
        "public.audit_log": true,
        "public.customers": false,
      });
      // Keys built as unique indexes beside the table's other indexes, then attached, come out exactly as the
      // source's: INCLUDE columns, storage parameters, deferrability, NULLS NOT DISTINCT; the exclusion
      // constraint and the DESC index are built the usual way.
      const keyDefinitions = (client: typeof c) =>
        client.query(
          `SELECT k.conname, k.contype, pg_get_constraintdef(k.oid) AS def, k.condeferrable, k.condeferred,
                  pg_get_indexdef(k.conindid) AS index, i.indisprimary
             FROM pg_constraint k JOIN pg_index i ON i.indexrelid = k.conindid
            WHERE k.conrelid = '"Key Variants"'::regclass
           UNION ALL
           SELECT c.relname, NULL, NULL, NULL, NULL, pg_get_indexdef(i.indexrelid), i.indisprimary
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = '"Key Variants"'::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY 1`,
        );
      const sourceKeys = await withClient(source.url, (s) => keyDefinitions(s));
      expect(sourceKeys.rows).toHaveLength(5);
      expect((await keyDefinitions(c)).rows).toEqual(sourceKeys.rows);
      // The FK built early is a validated constraint like the source's.
      const fks = await c.query(
        `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND NOT convalidated`,
      );
      expect(fks.rows[0].n).toBe(0);
      const inserted = await c.query(
        `INSERT INTO customers (email) VALUES ('new@example.com') RETURNING id, name_upper`,
      );
      expect(inserted.rows[0].id).toBe("3001");
      expect(
        (await c.query(`SELECT relrowsecurity FROM pg_class WHERE relname = 'customers'`)).rows[0]
          .relrowsecurity,
      ).toBe(true);
      expect(
        (await c.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_embedding_hnsw'`))
          .rows[0].indexdef,
      ).toMatch(/USING hnsw/);
      expect((await c.query(`SELECT count(*)::int AS n FROM orders_per_customer`)).rows[0].n).toBe(3000);
      expect(
        (await c.query(`SELECT "Display ""Name""", name_upper FROM customers WHERE id = 1`)).rows[0],
      ).toEqual({ 'Display "Name"': 'Ü1\ttab "q"', name_upper: 'Ü1\tTAB "Q"' });
    });
  });

  it("fails before writing anything when the target cannot create an extension the source uses, and names the remedy", async () => {
    // The second cluster (127.0.0.1:5433, from pg-extensions/install.sh) preloads TimescaleDB; the main one does not.
    const tsdb = "ferry_it_tsdb_source";
    await withClient("postgres://postgres@127.0.0.1:5433/postgres", async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${tsdb} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${tsdb}`);
    });
    const url = `postgres://postgres@127.0.0.1:5433/${tsdb}`;
    await withClient(url, (c) =>
      c.query(`CREATE EXTENSION timescaledb; CREATE TABLE metrics (at timestamptz NOT NULL, v double precision);
               SELECT create_hypertable('metrics', 'at'); INSERT INTO metrics SELECT now() - g * interval '1 min', g FROM generate_series(1, 100) g;`),
    );
    const empty = await freshDatabase("ferry_it_pg_target_tsdb");
    try {
      const snap = await run(
        await connection("timescale source", url),
        await connection("plain target", empty.url),
      );
      expect(snap.status).toBe("failed");
      expect(snap.error).toMatch(
        /timescaledb .* installed on the target but not preloaded \(shared_preload_libraries\)/,
      );
      expect(snap.error).toMatch(
        /add timescaledb to shared_preload_libraries in postgresql\.conf and restart PostgreSQL/,
      );
      expect(snap.error).toMatch(/nothing was written/);
      await withClient(empty.url, async (c) => {
        const objects = await c.query(
          "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
        );
        expect(objects.rows[0].n).toBe(0);
      });
    } finally {
      await empty.drop();
      await withClient("postgres://postgres@127.0.0.1:5433/postgres", (c) =>
        c.query(`DROP DATABASE IF EXISTS ${tsdb} WITH (FORCE)`),
      );
    }
  });

  it("refuses to write into a target that already holds the source's tables", async () => {
    const snap = await run(
      await connection("pg source again", source.url),
      await connection("pg target again", target.url),
    );
    expect(snap.status).toBe("failed");
    expect(snap.error).toMatch(/already has .* of the source's tables .*Nothing was written/);
  });

  it("refuses a selection that leaves out what a selected object needs, before writing anything", async () => {
    const empty = await freshDatabase("ferry_it_pg_target_scope_conflict");
    try {
      const snap = await run(
        await connection("pg source scope", source.url),
        await connection("pg target scope conflict", empty.url),
        { options: { excludeSchemas: ["Sales Data"] } },
      );
      expect(snap.status).toBe("failed");
      expect(snap.error).toMatch(
        /nothing was written.*Materialized view orders_per_customer uses "Sales Data"\."Orders 注文", which is left out.*Include those tables, or leave the dependent/,
      );
      await withClient(empty.url, async (c) => {
        const n = await c.query(
          "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
        );
        expect(n.rows[0].n).toBe(0);
      });
    } finally {
      await empty.drop();
    }
  });

  it("moves only the selected schemas and tables, with owners and grants when asked, and verifies that scope", async () => {
    const scoped = await freshDatabase("ferry_it_pg_target_scoped");
    try {
      const snap = await run(
        await connection("pg source scoped", source.url),
        await connection("pg target scoped", scoped.url),
        {
          tables: ["public.customers", "public.events_2024", "public.events_2025"],
          options: {
            excludeSchemas: ["Sales Data"],
            excludeTables: ["public.orders_per_customer"],
            ownersAndGrants: true,
          },
        },
      );
      expect(snap.status, snap.error ?? "").toBe("succeeded");
      expect(snap.tables.map((t) => t.name).sort()).toEqual([
        "public.customers",
        "public.events_2024",
        "public.events_2025",
      ]);
      const report = ReportV1.parse(
        await (await call(reportRoute, { cookie, params: { runId: snap.id } })).json(),
      );
      expect(report.ok).toBe(true);
      expect(report.checks.find((c) => c.name === "objects: tables")?.detail).toMatch(
        /^2 in the source, 2 in the target/,
      );
      await withClient(scoped.url, async (c) => {
        const rels = await c.query<{ name: string }>(
          "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
        );
        expect(rels.rows.map((r) => r.name)).toEqual([
          "public.busy_customers",
          "public.customers",
          "public.events",
          "public.events_2024",
          "public.events_2025",
        ]);
        expect(
          (await c.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'Sales Data'")).rows[0]
            .n,
        ).toBe(0);
        const grant = await c.query(
          "SELECT has_table_privilege('ferry_it_reader', 'public.customers', 'SELECT') AS ok",
        );
        expect(grant.rows[0].ok).toBe(true);
      });
    } finally {
      await scoped.drop();
    }
  });
});
