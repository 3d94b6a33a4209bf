import { describe, expect, it } from "vitest";
import { isTransientPgError } from "./transient-error";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isTransientPgError", () => {
  it("takes a lost or terminated session for transient", () => {
    expect(isTransientPgError(pgError("57P01", "terminating connection due to administrator command"))).toBe(
      true,
    );
    expect(isTransientPgError(pgError("08006"))).toBe(true);
    expect(isTransientPgError(pgError("ECONNRESET"))).toBe(true);
    expect(isTransientPgError(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("does not retry errors in the data or the schema", () => {
    expect(isTransientPgError(pgError("23505", "duplicate key value"))).toBe(false);
    expect(isTransientPgError(pgError("22P02", "invalid input syntax"))).toBe(false);
    expect(isTransientPgError(new Error("The source sent 3 row(s) but the target took 2"))).toBe(false);
    expect(isTransientPgError(undefined)).toBe(false);
  });
});
