import type { PreflightCheckResult } from "@/contracts/preflight";
import type { PreflightContext } from "./context";

export type CheckOutcome = Omit<PreflightCheckResult, "id" | "title">;

/** One assessment check: a small module with an id, a title a DBA recognises, and a verdict with a remedy. */
export interface PreflightCheck {
  readonly id: string;
  readonly title: string;
  /** False when the check means nothing for this pair (e.g. source locks for an uploaded file). */
  appliesTo(ctx: PreflightContext): boolean;
  run(ctx: PreflightContext): Promise<CheckOutcome>;
}

export const pass = (evidence: string): CheckOutcome => ({ verdict: "pass", evidence, remedy: null });
export const warn = (evidence: string, remedy: string): CheckOutcome => ({
  verdict: "warn",
  evidence,
  remedy,
});
export const fail = (evidence: string, remedy: string): CheckOutcome => ({
  verdict: "fail",
  evidence,
  remedy,
});
