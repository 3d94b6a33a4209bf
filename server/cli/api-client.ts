import { Problem } from "@/contracts/problem";

/** A failure the CLI reports as one line and exit code 2 (setup, sign-in, a refused request). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
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
    const res = await send(baseUrl, "/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new CliError(`Sign-in as ${email} failed: ${await describe(res)}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .join("; ");
    if (!cookie) throw new CliError(`Sign-in as ${email} gave no session cookie; is ${baseUrl} Ferry?`);
    return new ApiClient(baseUrl, { cookie });
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await send(this.baseUrl, path, {
      ...init,
      headers: { ...init.headers, ...this.auth, accept: "application/json" },
    });
    if (!res.ok) throw new CliError(`${init.method ?? "GET"} ${path} failed: ${await describe(res)}`);
    return (await res.json()) as T;
  }

  /** fetch as this user, for the event stream. */
  readonly fetch = (input: string | URL | Request, init: RequestInit = {}) =>
    fetch(input, { ...init, headers: { ...init.headers, ...this.auth } });
}

async function send(baseUrl: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(new URL(path, baseUrl), init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `Cannot reach Ferry at ${baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message}). Is it running? Set FERRY_URL to its address.`,
    );
  }
}

/** The API's problem detail, written for whoever has to fix it; else the HTTP status. */
async function describe(res: Response): Promise<string> {
  const text = await res.text();
  try {
    return Problem.parse(JSON.parse(text)).detail;
  } catch {
    return `HTTP ${res.status} ${res.statusText}`;
  }
}
