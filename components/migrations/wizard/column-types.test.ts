import { describe, expect, it } from "vitest";
import type { ColumnProfile } from "@/contracts/connections";
import { columnTypesFor } from "./column-types";

const col = (name: string, mapped: string, proposed: string) => ({ name, mapped, proposed }) as ColumnProfile;
const tables = [
  { table: "t", data: [col("price", "double precision", "text"), col("name", "varchar(40)", "varchar(40)")] },
];

describe("columnTypesFor", () => {
  it("follows the proposal where it differs from the declaration, and nothing else", () => {
    expect(columnTypesFor({}, tables)).toEqual({ t: { price: "text" } });
  });
  it("keeps the declared type when the DBA picks it, and any explicit override", () => {
    expect(columnTypesFor({ t: { price: "double precision" } }, tables)).toEqual({});
    expect(columnTypesFor({ t: { name: "text" } }, tables)).toEqual({ t: { price: "text", name: "text" } });
  });
});
