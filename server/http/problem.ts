import "server-only";
import type { ZodError } from "zod";
import type { Problem } from "@/contracts/problem";

export function problem(status: number, code: string, detail: string, extra?: Partial<Problem>): Response {
  return Response.json({ code, detail, ...extra } satisfies Problem, { status });
}

export function zodProblem(err: ZodError): Response {
  const issues = err.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: i.message,
  }));
  const detail = issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  return problem(400, "invalid_input", detail, { issues });
}
