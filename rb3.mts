import Database from "better-sqlite3";
import { columnSql, rangeSql } from "./server/connectors/sqlite/copy-text-sql.ts";
import { quoteSqlite } from "./server/connectors/sqlite/introspect.ts";
const db = new Database("bench/out/bench.sqlite", { readonly: true });
const T: Record<string, [string, string][]> = {
  order_items: [["id","int"],["order_id","int"],["product_id","int"],["qty","int"],["unit_price","numeric"],["discount","float"]],
  orders: [["id","int"],["customer_id","int"],["placed_at","timestamp"],["status","text"],["total","numeric"],["note","text"]],
  customers: [["id","int"],["email","text"],["name","text"],["country","text"],["created_at","timestamp"],["vip","bool"]],
};
const NULL = `'\\N'`;
const SPECIAL = `'*[' || char(92, 9, 10, 13, 8, 12, 11) || ']*'`;
const ESC: [string, string][] = [["'\\'", "'\\\\'"],["char(9)", "'\\t'"],["char(10)", "'\\n'"],["char(13)", "'\\r'"],["char(8)", "'\\b'"],["char(12)", "'\\f'"],["char(11)", "'\\v'"]];
const escaped = (c: string) => ESC.reduce((e, [f, t]) => `replace(${e}, ${f}, ${t})`, c);
function col2(kind: string, name: string, num?: string): string {
  const c = quoteSqlite(name); const t = `typeof(${c})`;
  if (kind === "numeric") return `CASE ${t} WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'real' THEN CASE WHEN CAST(${num} AS REAL) = ${c} AND abs(${c}) < 9e999 THEN ${num} END WHEN 'null' THEN ${NULL} END`;
  if (kind === "text" || kind === "json") return `CASE ${t} WHEN 'text' THEN CASE WHEN instr(${c}, char(0)) = 0 THEN CASE WHEN ${c} GLOB ${SPECIAL} THEN ${escaped(c)} ELSE ${c} END END WHEN 'integer' THEN CAST(${c} AS TEXT) WHEN 'null' THEN ${NULL} END`;
  if (kind === "timestamp") return `CASE ${t} WHEN 'text' THEN CASE WHEN instr(${c}, char(0)) = 0 THEN CASE WHEN ${c} GLOB ${SPECIAL} THEN ${escaped(c)} ELSE ${c} END END WHEN 'null' THEN ${NULL} END`;
  return columnSql(kind as never, name);
}
function sql2(table: string, cols: [string, string][]) {
  const nums = cols.filter(([, k]) => k === "numeric");
  const line = cols.map(([n, k]) => col2(k, n, k === "numeric" ? quoteSqlite(`__t_${n}`) : undefined)).join(" || char(9) || ") + " || char(10)";
  const inner = nums.length ? `(SELECT *, ${nums.map(([n]) => `CAST(${quoteSqlite(n)} AS TEXT) AS ${quoteSqlite(`__t_${n}`)}`).join(", ")} FROM ${quoteSqlite(table)} WHERE rowid > ? AND rowid <= ? LIMIT -1)` : `${quoteSqlite(table)} WHERE rowid > ? AND rowid <= ?`;
  return `SELECT CAST(group_concat(line, '') AS BLOB) AS text, count(*) AS n, count(line) AS rendered FROM (SELECT ${line} AS line FROM ${inner} LIMIT -1)`;
}
for (const [t, cols] of Object.entries(T)) {
  const a = db.prepare(rangeSql(t, "rowid", cols.map(([name, kind]) => ({ name, kind: kind as never })))).safeIntegers(true);
  const b = db.prepare(sql2(t, cols)).safeIntegers(true);
  for (const [label, st] of [["old", a], ["new", b], ["old", a], ["new", b]] as const) {
    const t0 = performance.now(); const r = st.get(-1n, 10n ** 12n) as any;
    console.log(t, label, (performance.now() - t0).toFixed(0), "ms", r.text.length, Number(r.rendered));
  }
  const ra = (a.get(-1n, 10n ** 12n) as any).text, rb = (b.get(-1n, 10n ** 12n) as any).text;
  console.log("identical:", Buffer.compare(ra, rb) === 0);
}
