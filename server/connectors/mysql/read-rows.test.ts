import { describe, expect, it } from "vitest";
import { bitString, setLiteral, timeOfDay } from "./read-rows";
import { parseMysqlUrl } from "./mysql-config";

describe("MySQL values as PostgreSQL reads and prints them", () => {
  it("renders SET values as the text[] literal array_out prints", () => {
    expect(setLiteral("")).toBe("{}");
    expect(setLiteral("red,light gray")).toBe('{red,"light gray"}');
    expect(setLiteral("null,a\\b")).toBe('{"null","a\\\\b"}');
  });

  it("renders BIT(n) as exactly n binary digits", () => {
    expect(bitString(Buffer.from([0x0a, 0xaa]), 12)).toBe("101010101010");
    expect(bitString(Buffer.from([0x01]), 1)).toBe("1");
    expect(bitString(Buffer.from([0x00]), 3)).toBe("000");
  });

  it("keeps TIME a time of day and refuses durations", () => {
    expect(timeOfDay("12:00:00.500", "t")).toBe("12:00:00.5");
    expect(timeOfDay("23:59:59.000000", "t")).toBe("23:59:59");
    expect(() => timeOfDay("-01:00:00", "t")).toThrow(/duration/);
    expect(() => timeOfDay("838:59:59", "t")).toThrow(/duration/);
  });
});

describe("mysql:// URLs", () => {
  it("splits fields, keeps the password apart and reads MySQL's ssl-mode names", () => {
    expect(parseMysqlUrl("mysql://app:p%40ss@db.example.com/shop?ssl-mode=REQUIRED")).toEqual({
      host: "db.example.com",
      port: 3306,
      database: "shop",
      user: "app",
      password: "p@ss",
      sslmode: "require",
    });
    expect(() => parseMysqlUrl("mysql://app@db/x?ssl-mode=SOMETIMES")).toThrow(/ssl-mode/);
    expect(() => parseMysqlUrl("mysql://app@db")).toThrow(/no database/);
  });
});
