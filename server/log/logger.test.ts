import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

describe("logger", () => {
  it("writes JSON lines and never a password, URL or secret, however deep", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger(sink).child({ runId: "r-1" });
    const secret = "hunter2-s3cret";
    log.info(
      {
        password: secret,
        connection: { host: "db", password: secret, url: `postgres://u:${secret}@db/x` },
        source: { config: { password: secret, connectionString: `postgres://u:${secret}@h/d` } },
        sealedSecret: secret,
      },
      "opening",
    );
    const line = JSON.parse(lines.join("")) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: "opening", runId: "r-1", connection: { host: "db" } });
    expect(lines.join("")).not.toContain(secret);
  });
});
