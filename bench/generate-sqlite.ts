// Generates a ~1M-row SQLite database with mixed types, keys, indexes and FKs (deterministic).
import { rmSync } from "node:fs";
import Database from "better-sqlite3";

export const BENCH_COUNTS = {
  customers: 50_000,
  products: 10_000,
  orders: 200_000,
  order_items: 700_000,
  events: 40_000,
};

export function generateBenchSqlite(file: string, scale = 1): number {
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name NVARCHAR(120), country CHAR(2), created_at DATETIME, vip BOOLEAN);
    CREATE TABLE products (id INTEGER PRIMARY KEY, sku VARCHAR(32) NOT NULL, title TEXT, price NUMERIC(10,2), weight REAL, thumbnail BLOB);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), placed_at DATETIME, status TEXT, total NUMERIC(12,2), note TEXT);
    CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), qty INTEGER, unit_price NUMERIC(10,2), discount REAL);
    CREATE TABLE events (at DATETIME, kind TEXT, payload TEXT);
    CREATE UNIQUE INDEX customers_email ON customers(email);
    CREATE INDEX orders_customer ON orders(customer_id);
    CREATE INDEX order_items_order ON order_items(order_id);
    CREATE INDEX order_items_product ON order_items(product_id);
  `);
  const n = Object.fromEntries(
    Object.entries(BENCH_COUNTS).map(([k, v]) => [k, Math.round(v * scale)]),
  ) as typeof BENCH_COUNTS;
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const day = (i: number) =>
    new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000 + (i % 86_400) * 1000)
      .toISOString()
      .slice(0, 19)
      .replace("T", " ");
  const countries = ["DE", "FR", "KR", "US", "BR", "JP", "IN", "NG"];
  const statuses = ["new", "paid", "shipped", "delivered", "returned"];
  db.transaction(() => {
    const c = db.prepare("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 1; i <= n.customers; i++)
      c.run(
        i,
        `user${i}@example.com`,
        i % 7 === 0 ? `Jürgen O'Brien ${i}` : `Customer ${i}`,
        countries[i % 8],
        day(i),
        i % 10 === 0 ? 1 : 0,
      );
    const p = db.prepare("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 1; i <= n.products; i++)
      p.run(
        i,
        `SKU-${i}`,
        `Product ${i}\twith tab`,
        (Math.round(rand() * 100000) / 100).toFixed(2),
        rand() * 10,
        Buffer.from([i & 255, (i >> 8) & 255, 7, 0]),
      );
    const o = db.prepare("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 1; i <= n.orders; i++)
      o.run(
        i,
        1 + (i % n.customers),
        day(i * 7),
        statuses[i % 5],
        (Math.round(rand() * 1e6) / 100).toFixed(2),
        i % 3 === 0 ? null : `note ${i}: deliver to the back door`,
      );
    const it = db.prepare("INSERT INTO order_items VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 1; i <= n.order_items; i++)
      it.run(
        i,
        1 + (i % n.orders),
        1 + (i % n.products),
        1 + (i % 9),
        (Math.round(rand() * 10000) / 100).toFixed(2),
        i % 4 === 0 ? 0.1 : 0,
      );
    const e = db.prepare("INSERT INTO events VALUES (?, ?, ?)");
    for (let i = 1; i <= n.events; i++)
      e.run(day(i), i % 2 ? "click" : "view", JSON.stringify({ i, path: `/p/${i % 100}` }));
  })();
  db.close();
  return Object.values(n).reduce((a, b) => a + b, 0);
}
