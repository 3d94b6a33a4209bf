import type { RunStepKey, TemplateItem } from "@/contracts/checklists";

type Extra = { hint?: string; title?: string };

/** An item ticked when every one of these preflight checks passes (or its warning is waived). */
export const byChecks = (
  id: string,
  phase: string,
  title: string,
  preflightChecks: string[],
  extra: Omit<Extra, "title"> = {},
): TemplateItem => ({
  id,
  phase,
  title,
  kind: "auto",
  preflightChecks,
  runStep: null,
  hint: extra.hint ?? "",
});

/** An item ticked when a run finishes this step. */
export const byRun = (
  id: string,
  phase: string,
  title: string,
  runStep: RunStepKey,
  hint = "",
): TemplateItem => ({
  id,
  phase,
  title,
  kind: "auto",
  preflightChecks: [],
  runStep,
  hint,
});

/** An item a person ticks, with a note. */
export const byHand = (id: string, phase: string, title: string, hint = ""): TemplateItem => ({
  id,
  phase,
  title,
  kind: "manual",
  preflightChecks: [],
  runStep: null,
  hint,
});

export const TARGET_PRIVILEGES = [
  "target-connect",
  "target-version",
  "target-writable",
  "target-connect-privilege",
  "target-create-database",
  "target-create-schema",
  "target-insert",
];
export const SOURCE_READ = ["source-connect", "source-select"];
export const PLAN_CLEAN = ["plan", "target-collisions", "primary-keys", "foreign-keys-scope"];
export const TYPES_FIT = ["types-unsupported", "types-lossy", "predicted-rejects"];
export const NAMES_FIT = [
  "identifiers-length",
  "identifiers-reserved",
  "identifiers-case",
  "identifiers-clash",
];
export const WINDOW = ["duration-window", "source-long-transactions", "source-locks"];
