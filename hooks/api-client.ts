"use client";

import type * as z from "zod";
import { Problem } from "@/contracts/problem";

/** An API answer other than 2xx, carrying the server's Problem so forms can show its `detail` verbatim. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail);
    this.name = "ApiError";
  }
}

type Options = { method?: string; json?: unknown; body?: BodyInit };

/** The one fetch wrapper: JSON in and out, problems as ApiError, 401 sends the browser to sign in. */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  opts: Options = {},
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: opts.method ?? (opts.json !== undefined || opts.body ? "POST" : "GET"),
    headers: opts.json !== undefined ? { "content-type": "application/json" } : undefined,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body,
    credentials: "same-origin",
  });
  if (res.status === 401 && !path.startsWith("/api/auth/login")) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    const parsed = Problem.safeParse(body);
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data : { code: "http_error", detail: `The server answered ${res.status}.` },
    );
  }
  if (res.status === 204) return schema.parse(undefined);
  return schema.parse(await res.json());
}

export function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.problem.detail : err instanceof Error ? err.message : String(err);
}
