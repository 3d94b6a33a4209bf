import type { IncomingMessage } from "node:http";
import { Problem } from "@/contracts/problem";
import { isOk, open, readResponse, send, type HttpResponse, type RequestInit } from "./http";

/** A failure the CLI reports as one line and exit code 2 (setup, sign-in, a refused request). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** Ferry did not answer at all (not running, wrong address, the connection dropped): worth trying again. */
export class FerryUnreachable extends CliError {
  constructor(message: string) {
    super(message);
    this.name = "FerryUnreachable";
  }
}

/**
 * Ferry's JSON API as one user: an API token (`Authorization: Bearer`), or a session cookie from signing in
 * with a password, as the browser holds it.
 */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    private readonly auth: Record<string, string>,
  ) {}

  static withToken(baseUrl: string, token: string): ApiClient {
    return new ApiClient(baseUrl, { authorization: `Bearer ${token}` });
  }

  static async signIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const res = await reach(baseUrl, () =>
      send(new URL("/api/auth/login", baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      }),
    );
    if (!isOk(res.status)) throw new CliError(`Sign-in as ${email} failed: ${describe(res)}`);
    const cookie = (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!).join("; ");
    if (!cookie) throw new CliError(`Sign-in as ${email} gave no session cookie; is ${baseUrl} Ferry?`);
    return new ApiClient(baseUrl, { cookie });
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await reach(this.baseUrl, () =>
      send(new URL(path, this.baseUrl), {
        ...init,
        headers: { ...init.headers, ...this.auth, accept: "application/json" },
      }),
    );
    if (!isOk(res.status)) throw new CliError(`${init.method ?? "GET"} ${path} failed: ${describe(res)}`);
    return JSON.parse(res.body) as T;
  }

  /** A Server-Sent Events stream as this user; refused (not 200) is a CliError saying why. */
  async events(path: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
    const res = await reach(this.baseUrl, () =>
      open(new URL(path, this.baseUrl), {
        headers: { ...headers, ...this.auth, accept: "text/event-stream" },
      }),
    );
    if (res.statusCode === 200) return res;
    throw new CliError(`GET ${path} failed: ${describe(await readResponse(res))}`);
  }
}

async function reach<T>(baseUrl: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new FerryUnreachable(
      `Cannot reach Ferry at ${baseUrl} (${e.code ?? e.message}). Is it running? Set FERRY_URL to its address.`,
    );
  }
}

/** The API's problem detail, written for whoever has to fix it; else the HTTP status. */
function describe(res: Pick<HttpResponse, "status" | "statusText"> & { body: string }): string {
  try {
    return Problem.parse(JSON.parse(res.body)).detail;
  } catch {
    return `HTTP ${res.status} ${res.statusText}`;
  }
}
