import { describe, expect, it } from "vitest";
import { parseMssqlUrl, toTediousConfig } from "./config";

describe("parseMssqlUrl", () => {
  it("reads the URL form, with the password apart and safe defaults", () => {
    expect(parseMssqlUrl("mssql://ferry:p%40ss%3Bword@sql01.corp/AdventureWorks")).toEqual({
      host: "sql01.corp",
      port: 1433,
      database: "AdventureWorks",
      user: "ferry",
      password: "p@ss;word",
      encrypt: true,
      trustServerCertificate: false,
    });
    expect(
      parseMssqlUrl("sqlserver://sa@10.0.0.5:14330/Sales?encrypt=false&trustServerCertificate=true"),
    ).toMatchObject({
      host: "10.0.0.5",
      port: 14330,
      database: "Sales",
      encrypt: false,
      trustServerCertificate: true,
    });
  });

  it("reads the JDBC form DBAs copy, with or without jdbc:", () => {
    expect(
      parseMssqlUrl(
        "jdbc:sqlserver://sql01.corp:1433;databaseName=AdventureWorks;user=ferry;password=secret;encrypt=true;trustServerCertificate=true",
      ),
    ).toEqual({
      host: "sql01.corp",
      port: 1433,
      database: "AdventureWorks",
      user: "ferry",
      password: "secret",
      encrypt: true,
      trustServerCertificate: true,
    });
  });

  it("says what is missing or wrong", () => {
    expect(() => parseMssqlUrl("mssql://ferry@sql01.corp")).toThrow(/names no database/);
    expect(() => parseMssqlUrl("mssql://sql01.corp/db")).toThrow(/names no user/);
    expect(() => parseMssqlUrl("mssql://u@h/db?encrypt=maybe")).toThrow(
      /encrypt="maybe" is not true or false/,
    );
    expect(() => parseMssqlUrl("sqlserver://h\\SQLEXPRESS;databaseName=db;user=u")).toThrow(
      /named instances/i,
    );
    expect(() => parseMssqlUrl("postgres://u@h/db")).toThrow(/mssql:\/\/ or sqlserver:\/\//);
  });
});

describe("toTediousConfig", () => {
  it("uses SQL authentication, fails fast on connect and reads dates and GUIDs as Ferry expects", () => {
    const c = toTediousConfig({
      host: "h",
      port: 1433,
      database: "d",
      user: "u",
      password: "pw",
      encrypt: true,
      trustServerCertificate: false,
    });
    expect(c.authentication).toEqual({ type: "default", options: { userName: "u", password: "pw" } });
    expect(c.options).toMatchObject({
      port: 1433,
      database: "d",
      encrypt: true,
      trustServerCertificate: false,
      connectTimeout: 10_000,
      useUTC: true,
      lowerCaseGuids: true,
    });
  });
});
