import { describe, expect, it } from "vitest";
import { mapAccessType } from "./access-types";

const map = (t: string) => mapAccessType(t).pgType;

describe("Access → PostgreSQL types", () => {
  it("maps every Access type the connector names", () => {
    expect(map("Text(50)")).toBe("varchar(50)");
    expect(map("Text(255)")).toBe("varchar(255)");
    expect(map("Memo")).toBe("text");
    expect(map("Hyperlink")).toBe("text");
    expect(map("Byte")).toBe("smallint");
    expect(map("Integer")).toBe("smallint");
    expect(map("Long Integer")).toBe("integer");
    expect(map("AutoNumber")).toBe("integer");
    expect(map("Large Number")).toBe("bigint");
    expect(map("Single")).toBe("real");
    expect(map("Double")).toBe("double precision");
    expect(map("Currency")).toBe("numeric(19,4)");
    expect(map("Decimal(18,0)")).toBe("numeric(18,0)");
    expect(map("Decimal(28,6)")).toBe("numeric(28,6)");
    expect(map("Yes/No")).toBe("boolean");
    expect(map("Date/Time")).toBe("timestamp");
    expect(map("Date/Time Extended")).toBe("timestamp");
    expect(map("Replication ID")).toBe("uuid");
    expect(map("OLE Object")).toBe("bytea");
    expect(map("Binary(16)")).toBe("bytea");
  });

  it("gives each type the value kind that COPY and verification use", () => {
    expect(mapAccessType("Yes/No").kind).toBe("bool");
    expect(mapAccessType("Currency").kind).toBe("numeric");
    expect(mapAccessType("Single").kind).toBe("float");
    expect(mapAccessType("Date/Time").kind).toBe("timestamp");
    expect(mapAccessType("Replication ID").kind).toBe("text");
  });

  it("refuses attachment and multi-value columns with a reason", () => {
    expect(() => map("Attachment")).toThrow(/attachment columns are not migrated/);
    expect(() => map("Complex")).toThrow(/multi-value\/complex columns are not migrated/);
    expect(() => map("Mystery")).toThrow(/Unknown Access column type/);
  });
});
