import { describe, expect, it } from "vitest";
import type { CatalogObject } from "@/contracts/rollback";
import { createdObjects, dropOrder, dropStatement, rollbackDropStatements } from "./created-objects";

const o = (kind: CatalogObject["kind"], schema: string | null, name: string, args: string | null = null) =>
  ({ kind, schema, name, args }) as CatalogObject;

describe("createdObjects", () => {
  it("lists what is new after the run, not what existed before", () => {
    const before = [o("schema", null, "public"), o("table", "public", "customers")];
    const after = [...before, o("table", "public", "orders"), o("function", "public", "f", "integer")];
    expect(createdObjects(before, after)).toEqual([
      o("table", "public", "orders"),
      o("function", "public", "f", "integer"),
    ]);
  });

  it("tells function overloads apart by their arguments", () => {
    const before = [o("function", "public", "f", "integer")];
    const after = [...before, o("function", "public", "f", "text")];
    expect(createdObjects(before, after)).toEqual([o("function", "public", "f", "text")]);
  });
});

describe("dropOrder", () => {
  it("drops views before tables, tables before sequences, functions and types, schemas and extensions last", () => {
    const created = [
      o("extension", null, "pgcrypto"),
      o("type", "public", "mood"),
      o("sequence", "public", "s"),
      o("table", "public", "a"),
      o("table", "public", "b"),
      o("view", "public", "v"),
      o("function", "public", "f", ""),
    ];
    expect(dropOrder(created).map((x) => x.name)).toEqual(["v", "b", "a", "s", "f", "mood", "pgcrypto"]);
  });

  it("leaves the contents of a schema the run created to the schema's drop", () => {
    const created = [o("schema", null, "app"), o("table", "app", "t"), o("table", "public", "u")];
    expect(dropOrder(created)).toEqual([o("table", "public", "u"), o("schema", null, "app")]);
  });
});

describe("dropStatement", () => {
  it("quotes names and names a function's arguments", () => {
    expect(dropStatement(o("table", "Sales", 'Or"ders'))).toBe(
      'DROP TABLE IF EXISTS "Sales"."Or""ders" CASCADE',
    );
    expect(dropStatement(o("function", "public", "f", "integer, text"))).toBe(
      'DROP ROUTINE IF EXISTS "public"."f"(integer, text) CASCADE',
    );
    expect(dropStatement(o("materialized view", "public", "mv"))).toBe(
      'DROP MATERIALIZED VIEW IF EXISTS "public"."mv" CASCADE',
    );
    expect(dropStatement(o("extension", null, "pgcrypto"))).toBe(
      'DROP EXTENSION IF EXISTS "pgcrypto" CASCADE',
    );
  });
});

describe("rollbackDropStatements", () => {
  it("goes kind by kind: the run's objects with CASCADE, then the snapshot's relations without", () => {
    const created = [
      o("table", "public", "orders"),
      o("view", "public", "order_totals"),
      o("sequence", "public", "orders_id_seq"),
    ];
    const dumped = [
      o("table", "public", "customers"),
      o("sequence", "public", "customers_id_seq"),
      o("view", "public", "vip"),
      o("table", "public", "settings"),
    ];
    expect(rollbackDropStatements(created, dumped)).toEqual([
      'DROP VIEW IF EXISTS "public"."order_totals" CASCADE',
      'DROP VIEW IF EXISTS "public"."vip"',
      'DROP TABLE IF EXISTS "public"."orders" CASCADE',
      'DROP TABLE IF EXISTS "public"."settings", "public"."customers"',
      'DROP SEQUENCE IF EXISTS "public"."orders_id_seq" CASCADE',
      'DROP SEQUENCE IF EXISTS "public"."customers_id_seq"',
    ]);
  });
});
