import http from "node:http";

// The CLI talks HTTP with Node's own client, not fetch: fetch loads undici on its first call, which costs a
// short-lived command about 0.2 s of CPU and of wall time before its first request leaves, on the machine
// that is about to run the migration.

export type HttpResponse = { status: number; statusText: string; headers: http.IncomingHttpHeaders };

export type RequestInit = { method?: string; headers?: Record<string, string>; body?: string };

/** Sends one request and resolves once the response's headers are in; the body is left to read. */
export async function open(url: URL, init: RequestInit = {}): Promise<http.IncomingMessage> {
  // node:https (and TLS with it) loads only for an https address: ~9 ms of every local command's start-up.
  const client = url.protocol === "https:" ? (await import("node:https")).default : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: init.method ?? "GET", headers: init.headers }, resolve);
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A response's status, headers and whole body as text. */
export async function readResponse(res: http.IncomingMessage): Promise<HttpResponse & { body: string }> {
  res.setEncoding("utf8");
  let body = "";
  for await (const chunk of res) body += chunk as string;
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: res.headers, body };
}

/** One request, its whole body read as text. */
export async function send(url: URL, init: RequestInit = {}): Promise<HttpResponse & { body: string }> {
  return readResponse(await open(url, init));
}

export const isOk = (status: number) => status >= 200 && status < 300;
