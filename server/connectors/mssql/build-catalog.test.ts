import { describe, expect, it } from "vitest";
import { MigrationOptions } from "@/contracts/migrations";
import { buildPlan } from "@/server/plan/build-plan";
import { mapMssqlType } from "@/server/typemap/mssql-types";
import recorded from "./__fixtures__/adventureworks-lite.catalog.json";
import { buildMssqlCatalog, renderMssqlType, type CatalogRows } from "./build-catalog";

const rows = recorded as unknown as CatalogRows;
const catalog = buildMssqlCatalog(rows);
const table = (name: string) => {
  const t = catalog.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};
const typeOf = (t: string, c: string) => table(t).columns.find((x) => x.name === c)!.declaredType;

describe("buildMssqlCatalog over recorded SQL Server 2022 catalog rows", () => {
  it("keeps dbo's table names and prefixes other schemas', remembering where each is read from", () => {
    expect(catalog.tables.map((t) => t.name)).toEqual([
      "Audit Trail",
      "ErrorLog",
      "StagingImport",
      "Person_BusinessEntity",
      "Person_Person",
      "Production_Document",
      "Production_Product",
      "Sales_Customer",
      "Sales_SalesOrderDetail",
      "Sales_SalesOrderHeader",
    ]);
    expect(catalog.tables.every((t) => t.schema === null)).toBe(true);
    expect(catalog.sources.get("Sales_SalesOrderHeader")).toEqual({
      schema: "Sales",
      name: "SalesOrderHeader",
    });
    expect(catalog.sources.get("Audit Trail")).toEqual({ schema: "dbo", name: "Audit Trail" });
    // Row counts from sys.partitions arrive as bigint strings.
    expect(table("Sales_SalesOrderDetail").rowCount).toBe(121317);
    expect(table("ErrorLog").rowCount).toBe(0);
  });

  it("renders declared types from sys.columns sizes, resolving alias types to their base type", () => {
    expect(typeOf("Person_Person", "FirstName")).toBe("nvarchar(50)"); // dbo.Name
    expect(typeOf("Person_Person", "NameStyle")).toBe("bit"); // dbo.NameStyle
    expect(typeOf("Person_Person", "PersonType")).toBe("nchar(2)");
    expect(typeOf("ErrorLog", "UserName")).toBe("nvarchar(128)"); // sysname
    expect(typeOf("ErrorLog", "ErrorMessage")).toBe("nvarchar(4000)");
    expect(typeOf("Sales_SalesOrderHeader", "AccountNumber")).toBe("nvarchar(15)");
    expect(typeOf("Sales_SalesOrderDetail", "LineTotal")).toBe("numeric(38,6)");
    expect(typeOf("Production_Product", "Weight")).toBe("decimal(8,2)");
    expect(typeOf("Production_Document", "DocumentNode")).toBe("hierarchyid");
    expect(table("Audit Trail").columns.map((c) => c.declaredType)).toEqual([
      "bigint",
      "datetimeoffset(7)",
      "nvarchar(128)",
      "nvarchar(max)",
      "rowversion",
      "smallmoney",
      "real",
      "float(53)",
      "binary(16)",
      "datetime2(7)",
      "time(7)",
      "date",
      "char(3)",
      "ntext",
      "image",
      "smalldatetime",
      "varchar(max)",
    ]);
    expect(
      renderMssqlType({
        type_name: "varbinary",
        base_type_name: "varbinary",
        is_assembly_type: false,
        max_length: -1,
        precision: 0,
        scale: 0,
      }),
    ).toBe("varbinary(max)");
  });

  it("finds identities, composite and nonclustered primary keys, and tables without a key", () => {
    expect(table("Sales_SalesOrderDetail")).toMatchObject({
      primaryKey: ["SalesOrderID", "SalesOrderDetailID"],
      autoKey: "SalesOrderDetailID",
    });
    expect(table("Sales_SalesOrderHeader").autoKey).toBe("SalesOrderID");
    expect(table("Audit Trail")).toMatchObject({ primaryKey: ["Event Id"], autoKey: "Event Id" });
    expect(table("Person_Person")).toMatchObject({ primaryKey: ["BusinessEntityID"], autoKey: null });
    expect(table("StagingImport")).toMatchObject({ primaryKey: null, autoKey: null, indexes: [] });
  });

  it("carries computed columns and rowversion as nullable values, and says so", () => {
    const account = table("Sales_Customer").columns.find((c) => c.name === "AccountNumber")!;
    expect(account).toMatchObject({ declaredType: "varchar(10)", nullable: true }); // NOT NULL in SQL Server (ISNULL)
    expect(table("Audit Trail").columns.find((c) => c.name === "Version")!.nullable).toBe(true);
    expect(catalog.notes).toContainEqual(
      expect.stringMatching(
        /^"Sales_SalesOrderHeader"\.TotalDue is computed in SQL Server \(\(isnull\(.*\), persisted\)/,
      ),
    );
    expect(catalog.notes).toContainEqual(expect.stringMatching(/^"Audit Trail"\.Version is a rowversion/));
  });

  it("keeps unique and plain indexes, renames names PostgreSQL would see twice, and leaves out what it cannot build", () => {
    expect(table("Production_Product").indexes).toEqual([
      { name: "AK_Product_ProductNumber", columns: ["ProductNumber"], unique: true },
      { name: "AK_Product_Name", columns: ["Name"], unique: true },
      { name: "Production_Product_IX_ModifiedDate", columns: ["ModifiedDate"], unique: false },
    ]);
    expect(table("Person_Person").indexes.map((i) => i.name)).toEqual([
      "IX_Person_LastName_FirstName_MiddleName",
      "AK_Person_rowguid",
      "Person_Person_IX_ModifiedDate",
    ]);
    expect(table("Person_Person").indexes[0]!.columns).toEqual(["LastName", "FirstName", "MiddleName"]);
    expect(table("Sales_Customer").indexes).toContainEqual({
      name: "IX_Customer_TerritoryID",
      columns: ["TerritoryID"],
      unique: false,
    });
    expect(table("Sales_SalesOrderHeader").indexes.map((i) => i.name)).toEqual([
      "AK_SalesOrderHeader_SalesOrderNumber",
      "IX_SalesOrderHeader_CustomerID",
    ]);
    expect(table("Audit Trail").indexes).toEqual([
      { name: "CIX_Audit_Trail_At", columns: ["At"], unique: false },
    ]);
    for (const left of [
      /PXML_Person_AddContact on "Person_Person" is xml/,
      /NCCI_SalesOrderDetail on "Sales_SalesOrderDetail" is nonclustered columnstore/,
      /IX_SalesOrderHeader_ShipDate .* is filtered \(WHERE \(\[ShipDate\] IS NOT NULL\)\)/,
      /IX_SalesOrderHeader_Status .* is disabled/,
      /IX_Customer_TerritoryID .* INCLUDE columns \(PersonID, StoreID\)/,
    ])
      expect(catalog.notes).toContainEqual(expect.stringMatching(left));
  });

  it("points foreign keys at the catalog names of their tables, with their actions", () => {
    expect(table("Sales_SalesOrderDetail").foreignKeys).toEqual([
      {
        columns: ["SalesOrderID"],
        refTable: "Sales_SalesOrderHeader",
        refColumns: ["SalesOrderID"],
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
      },
      {
        columns: ["ProductID"],
        refTable: "Production_Product",
        refColumns: ["ProductID"],
        onDelete: "NO ACTION",
        onUpdate: "NO ACTION",
      },
    ]);
    expect(table("Sales_Customer").foreignKeys[0]).toMatchObject({
      refTable: "Person_Person",
      refColumns: ["BusinessEntityID"],
    });
    expect(table("StagingImport").foreignKeys).toEqual([]);
    expect(catalog.notes).toContainEqual(expect.stringMatching(/FK_StagingImport_ErrorLog .* is disabled/));
  });

  it("describes only the tables asked for", () => {
    const some = buildMssqlCatalog(rows, ["Sales_Customer", "ErrorLog"]);
    expect(some.tables.map((t) => t.name)).toEqual(["ErrorLog", "Sales_Customer"]);
    expect(some.notes.every((n) => !n.includes("SalesOrderHeader"))).toBe(true);
  });

  it("refuses two tables that would meet under one name", () => {
    const clash: CatalogRows = {
      ...rows,
      tables: [
        ...rows.tables,
        { ...rows.tables[0]!, schema_name: "dbo", table_name: "Sales_Customer", object_id: 1 },
      ],
    };
    expect(() => buildMssqlCatalog(clash)).toThrow(
      /\[Sales\]\.\[Customer\] and \[dbo\]\.\[Sales_Customer\] would both become "Sales_Customer"/,
    );
  });
});

describe("planning a migration from the recorded catalog", () => {
  const options = MigrationOptions.parse({});
  const plan = (tables: string[]) => buildPlan(catalog, tables, options, (d) => mapMssqlType(d));

  it("maps every column of the sales tables to PostgreSQL", () => {
    const soh = plan(["Sales_SalesOrderHeader"]).tables[0]!;
    expect(Object.fromEntries(soh.columns.map((c) => [c.target, c.pgType]))).toEqual({
      SalesOrderID: "integer",
      RevisionNumber: "smallint",
      OrderDate: "timestamp(3)",
      DueDate: "timestamp(3)",
      ShipDate: "timestamp(3)",
      Status: "smallint",
      OnlineOrderFlag: "boolean",
      SalesOrderNumber: "varchar(25)",
      PurchaseOrderNumber: "varchar(25)",
      AccountNumber: "varchar(15)",
      CustomerID: "integer",
      SubTotal: "numeric(19,4)",
      TaxAmt: "numeric(19,4)",
      Freight: "numeric(19,4)",
      TotalDue: "numeric(19,4)",
      Comment: "varchar(128)",
      rowguid: "uuid",
      ModifiedDate: "timestamp(3)",
    });
    expect(soh).toMatchObject({
      schema: "public",
      target: "Sales_SalesOrderHeader",
      identity: "SalesOrderID",
    });
  });

  it("refuses hierarchyid at plan time, naming the table and column", () => {
    expect(() => plan(["Production_Document"])).toThrow(
      /^Column "Production_Document"\."DocumentNode" \(hierarchyid\): SQL Server type hierarchyid: .*ToString\(\).*Nothing was written\./,
    );
  });
});
