// Builds the PostgreSQL → PostgreSQL bench source: ~1M rows over five tables (order_items the large one),
// mixed types, identity keys, FKs, secondary indexes, a standalone sequence, a view. Deterministic: every value
// is a function of the row number, generated in SQL (INSERT … SELECT generate_series), keys built afterwards.
import pg from "pg";

export const PG_BENCH_SOURCE = "ferry_bench_pg_source";

export const PG_BENCH_COUNTS = {
  customers: 50_000,
  products: 10_000,
  orders: 200_000,
  order_items: 650_000,
  events: 90_000,
};

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export async function recreateDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await c.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

/** Rows in the source database (counted), for a reused source. */
export async function countPgBenchRows(database = PG_BENCH_SOURCE): Promise<number> {
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${database}` });
  await c.connect();
  try {
    let rows = 0;
    for (const t of Object.keys(PG_BENCH_COUNTS))
      rows += Number((await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`)).rows[0]!.n);
    return rows;
  } finally {
    await c.end();
  }
}

export async function generateBenchPostgres(database = PG_BENCH_SOURCE, scale = 1): Promise<number> {
  const n = Object.fromEntries(
    Object.entries(PG_BENCH_COUNTS).map(([k, v]) => [k, Math.round(v * scale)]),
  ) as typeof PG_BENCH_COUNTS;
  await recreateDatabase(database);
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${database}` });
  await c.connect();
  try {
    await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET TimeZone = 'UTC'");
    await c.query(`
      CREATE SEQUENCE invoice_number_seq START 100000;
      CREATE TABLE customers (
        id bigint GENERATED ALWAYS AS IDENTITY, email text NOT NULL, name text, country char(2),
        created_at timestamptz NOT NULL, vip boolean NOT NULL, external_id uuid NOT NULL, profile jsonb);
      CREATE TABLE products (
        id bigint GENERATED ALWAYS AS IDENTITY, sku varchar(32) NOT NULL, title text, price numeric(10,2),
        weight double precision, thumbnail bytea, active boolean NOT NULL DEFAULT true);
      CREATE TABLE orders (
        id bigint GENERATED ALWAYS AS IDENTITY, customer_id bigint NOT NULL, placed_at timestamptz NOT NULL,
        status text NOT NULL, total numeric(12,2), note text,
        invoice_no bigint NOT NULL DEFAULT nextval('invoice_number_seq'));
      CREATE TABLE order_items (
        id bigint GENERATED ALWAYS AS IDENTITY, order_id bigint NOT NULL, product_id bigint NOT NULL,
        qty integer NOT NULL, unit_price numeric(10,2) NOT NULL, discount numeric(4,2), gift boolean NOT NULL,
        added_at timestamptz NOT NULL, options jsonb);
      CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY, customer_id bigint, at timestamptz NOT NULL, kind text NOT NULL,
        request_id uuid NOT NULL, payload jsonb NOT NULL);
      ALTER SEQUENCE invoice_number_seq OWNED BY orders.invoice_no;
    `);
    const countries = `(ARRAY['DE','FR','KR','US','BR','JP','IN','NG'])[1 + g % 8]`;
    const at = (expr: string) =>
      `timestamptz '2020-01-01 00:00:00+00' + ((${expr}) % 1500) * interval '1 day' + ((${expr}) % 86400) * interval '1 second'`;
    await c.query(`
      INSERT INTO customers (id, email, name, country, created_at, vip, external_id, profile) OVERRIDING SYSTEM VALUE
      SELECT g, 'user' || g || '@example.com',
             CASE WHEN g % 7 = 0 THEN 'Jürgen O''Brien ' || g ELSE 'Customer ' || g END,
             ${countries}, ${at("g")}, g % 10 = 0, md5('c' || g)::uuid,
             CASE WHEN g % 5 = 0 THEN NULL
                  ELSE jsonb_build_object('newsletter', g % 2 = 0, 'tags', jsonb_build_array('t' || g % 13, 't' || g % 17)) END
        FROM generate_series(1::bigint, ${n.customers}) g`);
    await c.query(`
      INSERT INTO products (id, sku, title, price, weight, thumbnail, active) OVERRIDING SYSTEM VALUE
      SELECT g, 'SKU-' || g, 'Product ' || g || E'\\twith tab', ((g * 7919) % 100000) / 100.0,
             ((g * 104729) % 10000) / 1000.0, decode(lpad(to_hex(g % 65536), 4, '0') || '0700', 'hex'), g % 11 <> 0
        FROM generate_series(1::bigint, ${n.products}) g`);
    await c.query(`
      INSERT INTO orders (id, customer_id, placed_at, status, total, note, invoice_no) OVERRIDING SYSTEM VALUE
      SELECT g, 1 + g % ${n.customers}, ${at("g * 7")},
             (ARRAY['new','paid','shipped','delivered','returned'])[1 + g % 5],
             ((g * 48271) % 1000000) / 100.0,
             CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g || ': deliver to the back door' END,
             100000 + g
        FROM generate_series(1::bigint, ${n.orders}) g`);
    await c.query(`
      INSERT INTO order_items (id, order_id, product_id, qty, unit_price, discount, gift, added_at, options)
        OVERRIDING SYSTEM VALUE
      SELECT g, 1 + g % ${n.orders}, 1 + g % ${n.products}, 1 + g % 9, ((g * 16807) % 10000) / 100.0,
             CASE WHEN g % 4 = 0 THEN 0.10 ELSE 0 END, g % 50 = 0, ${at("g * 3")},
             CASE WHEN g % 6 = 0 THEN jsonb_build_object('size', (ARRAY['S','M','L','XL'])[1 + g % 4], 'wrap', g % 12 = 0) END
        FROM generate_series(1::bigint, ${n.order_items}) g`);
    await c.query(`
      INSERT INTO events (id, customer_id, at, kind, request_id, payload) OVERRIDING SYSTEM VALUE
      SELECT g, CASE WHEN g % 9 = 0 THEN NULL ELSE 1 + g % ${n.customers} END, ${at("g * 11")},
             CASE WHEN g % 2 = 1 THEN 'click' ELSE 'view' END, md5('e' || g)::uuid,
             jsonb_build_object('i', g, 'path', '/p/' || g % 100, 'ms', g % 997)
        FROM generate_series(1::bigint, ${n.events}) g`);
    // Keys, indexes and FKs after the data, as a restore builds them.
    await c.query(`
      ALTER TABLE customers ADD PRIMARY KEY (id);
      ALTER TABLE products ADD PRIMARY KEY (id);
      ALTER TABLE orders ADD PRIMARY KEY (id);
      ALTER TABLE order_items ADD PRIMARY KEY (id);
      ALTER TABLE events ADD PRIMARY KEY (id);
      CREATE UNIQUE INDEX customers_email ON customers (email);
      CREATE UNIQUE INDEX products_sku ON products (sku);
      CREATE UNIQUE INDEX orders_invoice_no ON orders (invoice_no);
      CREATE INDEX orders_customer ON orders (customer_id);
      CREATE INDEX orders_placed_at ON orders (placed_at);
      CREATE INDEX order_items_order ON order_items (order_id);
      CREATE INDEX order_items_product ON order_items (product_id);
      CREATE INDEX events_customer_at ON events (customer_id, at);
      ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
      ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (id);
      ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products (id);
      ALTER TABLE events ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
      CREATE VIEW customer_totals AS
        SELECT o.customer_id, count(*) AS orders, sum(o.total) AS total FROM orders o GROUP BY o.customer_id;
    `);
    for (const t of Object.keys(n))
      await c.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
    await c.query(`SELECT setval('invoice_number_seq', (SELECT max(invoice_no) FROM orders))`);
    // Hint bits and visibility map set now, so no tool pays for them on its first read.
    await c.query("VACUUM (FREEZE, ANALYZE)");
  } finally {
    await c.end();
  }
  return Object.values(n).reduce((a, b) => a + b, 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const t0 = performance.now();
  const rows = await generateBenchPostgres(process.argv[2] ?? PG_BENCH_SOURCE, scale);
  console.log(
    `${rows.toLocaleString("en")} rows in ${process.argv[2] ?? PG_BENCH_SOURCE} (scale ${scale}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
