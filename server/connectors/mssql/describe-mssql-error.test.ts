import { ConnectionError, RequestError } from "tedious";
import { describe, expect, it } from "vitest";
import { describeMssqlError } from "./describe-mssql-error";

const where = { host: "sql01.corp", port: 1433, database: "AdventureWorks", user: "ferry" };
const sysErr = (code: string, message: string) => Object.assign(new Error(message), { code });

// Shaped as tedious 19 builds them (connection.js wrapSocketError, Login7TokenHandler.onErrorMessage);
// the first one was recorded against 127.0.0.1:1433 with nothing listening.
const errors = {
  refused: new ConnectionError(
    "Failed to connect to sql01.corp:1433 - Could not connect (sequence)",
    "ESOCKET",
    {
      cause: new AggregateError(
        [sysErr("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.5:1433")],
        "Could not connect (sequence)",
      ),
    },
  ),
  notFound: new ConnectionError(
    "Failed to connect to sql01.corp:1433 - getaddrinfo ENOTFOUND sql01.corp",
    "ESOCKET",
    { cause: sysErr("ENOTFOUND", "getaddrinfo ENOTFOUND sql01.corp") },
  ),
  timeout: new ConnectionError("Failed to connect to sql01.corp:1433 in 10000ms", "ETIMEOUT"),
  hangUp: new ConnectionError("Connection lost - socket hang up", "ESOCKET", {
    cause: sysErr("ECONNRESET", "socket hang up"),
  }),
  login: Object.assign(new ConnectionError("Login failed for user 'ferry'.", "ELOGIN"), { number: 18456 }),
  loginNoNumber: new ConnectionError("Login failed for user 'ferry'.", "ELOGIN"),
  database: Object.assign(
    new ConnectionError(
      'Cannot open database "AdventureWorks" requested by the login. The login failed.',
      "ELOGIN",
    ),
    { number: 4060 },
  ),
  selfSigned: new ConnectionError(
    "Failed to connect to sql01.corp:1433 - self-signed certificate",
    "ESOCKET",
    { cause: sysErr("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate") },
  ),
  altName: new ConnectionError(
    "Failed to connect to sql01.corp:1433 - Hostname/IP does not match certificate's altnames",
    "ESOCKET",
    {
      cause: sysErr(
        "ERR_TLS_CERT_ALTNAME_INVALID",
        "Hostname/IP does not match certificate's altnames: Host: sql01.corp. is not in the cert's altnames: DNS:SQL01",
      ),
    },
  ),
  oldTls: new ConnectionError(
    "Failed to connect to sql01.corp:1433 - 1C2C0000:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol",
    "ESOCKET",
    {
      cause: sysErr(
        "ERR_SSL_UNSUPPORTED_PROTOCOL",
        "1C2C0000:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol",
      ),
    },
  ),
  encrypt: new ConnectionError(
    "Server requires encryption, set 'encrypt' config option to true.",
    "EENCRYPT",
  ),
  disabled: Object.assign(
    new ConnectionError("Login failed for user 'ferry'. Reason: The account is disabled.", "ELOGIN"),
    { number: 18470 },
  ),
};

describe("describeMssqlError", () => {
  it("says SQL Server is unreachable when nothing listens, with what to check", () => {
    const text = describeMssqlError(errors.refused, where);
    expect(text).toMatch(/^Nothing accepted the connection at sql01\.corp:1433: SQL Server is unreachable/);
    expect(text).toMatch(/TCP\/IP is enabled/);
    expect(describeMssqlError(errors.timeout, where)).toMatch(
      /^No SQL Server answered at sql01\.corp:1433 within the connect timeout: it is unreachable/,
    );
    expect(describeMssqlError(errors.notFound, where)).toBe(
      'The host name "sql01.corp" does not resolve. Check the spelling, or use an IP address.',
    );
    expect(describeMssqlError(errors.hangUp, where)).toMatch(/closed the connection during the handshake/);
  });

  it("names login failures (18456, also without the number) and a database it cannot open (4060)", () => {
    expect(describeMssqlError(errors.login, where)).toMatch(
      /^Login failed for user "ferry" on sql01\.corp:1433 \(SQL Server error 18456\)\. Check the password/,
    );
    expect(describeMssqlError(errors.loginNoNumber, where)).toMatch(
      /error 18456.*mixed|Windows-authentication-only/,
    );
    const db = describeMssqlError(errors.database, where);
    expect(db).toMatch(/cannot open database "AdventureWorks" for it \(error 4060\)/);
    expect(db).toMatch(/CREATE USER \[ferry\] FOR LOGIN \[ferry\]/);
    expect(describeMssqlError(errors.disabled, where)).toMatch(/ALTER LOGIN \[ferry\] ENABLE/);
  });

  it("tells certificate problems from protocol problems, and says what each setting costs", () => {
    const self = describeMssqlError(errors.selfSigned, where);
    expect(self).toMatch(/not trusted: it is self-signed/);
    expect(self).toMatch(/trust server certificate/);
    expect(describeMssqlError(errors.altName, where)).toMatch(/not issued for the name "sql01\.corp"/);
    expect(describeMssqlError(errors.oldTls, where)).toMatch(
      /^TLS negotiation with sql01\.corp:1433 failed.*TLS 1\.2/,
    );
    expect(describeMssqlError(errors.encrypt, where)).toMatch(/requires an encrypted connection/);
  });

  it("passes a query error's number through, and never invents a password", () => {
    const denied = Object.assign(
      new RequestError(
        "The SELECT permission was denied on the object 'Person', database 'AdventureWorks', schema 'Person'.",
        "EREQUEST",
      ),
      { number: 229 },
    );
    expect(describeMssqlError(denied, where)).toMatch(/SELECT permission was denied.*\(error 229\)/);
    for (const e of Object.values(errors)) expect(describeMssqlError(e, where)).not.toMatch(/password=|pw:/i);
  });
});
