import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CatalogIndex } from "@/server/catalog/catalog";
import type { TablePlan } from "@/server/plan/build-plan";
import { primaryKeyIndexName, tableIndexBuilds } from "@/server/target/post-data";
import { foreignKeyName } from "@/server/target/target-ddl";
import { assertIdentifier, quoteIdent } from "./identifiers";

/** Names a hostile source can carry: quotes, backslashes, spaces, SQL, Unicode (multi-byte, astral), NUL. */
export const hostileName = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom('"', "'", "\\", " ", ";", "-", "*", "/", "$", "\n", "é", "表", "🚢", "a"),
    maxLength: 70,
  }),
  fc.constantFrom('x"; DROP TABLE users; --', 'a""b', '"', "\\", "é".repeat(32), "🚢".repeat(16), "a\0b"),
);

/** Reads a quoted identifier back the way PostgreSQL's lexer does; null if the quoting would break out. */
function unquote(sql: string): string | null {
  if (sql.length < 2 || !sql.startsWith('"') || !sql.endsWith('"')) return null;
  const inner = sql.slice(1, -1);
  if (/(^|[^"])"("")*(?!")/.test(inner.replaceAll('""', ""))) return null;
  return inner.replaceAll('""', '"');
}

const plan = (target: string, extra: Partial<TablePlan> = {}): TablePlan =>
  ({
    schema: "public",
    target,
    columns: [],
    primaryKey: ["id"],
    identity: null,
    foreignKeys: [],
    indexes: [],
    rowCount: 0,
    source: {} as TablePlan["source"],
    ...extra,
  }) as TablePlan;

describe("quoteIdent", () => {
  it("yields one quoted identifier that reads back as the same name, for any string", () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        const quoted = quoteIdent(name);
        expect(unquote(quoted)).toBe(name);
        // Every quote inside is doubled: no odd run of quotes can end the identifier early.
        for (const run of quoted.slice(1, -1).match(/"+/g) ?? []) expect(run.length % 2).toBe(0);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("assertIdentifier", () => {
  it("accepts exactly the names PostgreSQL stores unchanged: no NUL, at most 63 bytes", () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        const storable = !name.includes("\0") && Buffer.byteLength(name) <= 63;
        if (storable) expect(assertIdentifier(name, "Table")).toBe(name);
        else expect(() => assertIdentifier(name, "Table")).toThrow(/NUL|63 bytes/);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("derived names (indexes, keys, foreign keys)", () => {
  // Table names PostgreSQL would accept, biased to long ones sharing a prefix: the truncation case.
  const longName = fc
    .tuple(
      fc.constantFrom("", "customer_order_line_items_archive_", "é".repeat(20)),
      fc.string({ maxLength: 40 }),
    )
    .map(([prefix, rest]) => (prefix + rest).replaceAll("\0", ""))
    .filter((n) => n.length > 0 && Buffer.byteLength(n) <= 63);

  // Two names that differ only near the end, past where a truncated or prefix-based name would look.
  const twins = fc
    .tuple(
      fc.string({ minLength: 40, maxLength: 58 }),
      fc.string({ maxLength: 5 }),
      fc.string({ maxLength: 5 }),
    )
    .map(([p, x, y]) => [p + x, p + y].map((n) => n.replaceAll("\0", "")) as [string, string])
    .filter(([a, b]) => a !== b && Buffer.byteLength(a) <= 63 && Buffer.byteLength(b) <= 63);

  it("always fit in 63 bytes and differ for different tables", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(longName, longName), twins), ([a, b]) => {
        fc.pre(a !== b);
        const [pa, pb] = [primaryKeyIndexName(plan(a)), primaryKeyIndexName(plan(b))];
        expect(Buffer.byteLength(pa)).toBeLessThanOrEqual(63);
        expect(pa).not.toBe(pb);
      }),
      { numRuns: 3_000 },
    );
  });

  it("give every index of a table its own name within 63 bytes", () => {
    const columns = fc.array(longName, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(longName, fc.array(fc.tuple(columns, fc.boolean()), { maxLength: 6 }), (t, ixs) => {
        const indexes: CatalogIndex[] = ixs.map(([cols, unique], i) => ({
          name: `sqlite_autoindex_${i}`,
          columns: cols,
          unique,
        }));
        const names = tableIndexBuilds("public", plan(t, { indexes })).map((b) => b.name);
        for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
        // Two different index definitions never share a name (IF NOT EXISTS would skip the second).
        const defs = ["primary key", ...ixs.map((ix) => JSON.stringify(ix))];
        for (let i = 0; i < names.length; i++)
          for (let j = i + 1; j < names.length; j++)
            if (defs[i] !== defs[j]) expect(names[i], `${defs[i]} vs ${defs[j]}`).not.toBe(names[j]);
      }),
      { numRuns: 1_000 },
    );
  });

  it("give foreign keys names within 63 bytes that differ per key", () => {
    fc.assert(
      fc.property(longName, fc.uniqueArray(longName, { minLength: 2, maxLength: 4 }), (t, cols) => {
        const names = cols.map((c, n) =>
          foreignKeyName(
            plan(t),
            { columns: [c], refTable: "x", refColumns: ["id"], onDelete: "", onUpdate: "" },
            n,
          ),
        );
        for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
        expect(new Set(names).size).toBe(names.length);
      }),
      { numRuns: 1_000 },
    );
  });
});
