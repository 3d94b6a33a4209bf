import * as z from "zod";
import { TemplateId } from "./checklists";
import { PreflightStatus } from "./preflight";
import { RunStatus } from "./runs";

/** waiting: the runbook needs a lead's approval of the current plan and has none. */
export const BoardApproval = z.enum(["not-required", "waiting", "approved"]);
export type BoardApproval = z.infer<typeof BoardApproval>;

/** One migration on the lead's board: where its runbook stands, what fails, what waits, how it last ran. */
export const BoardRow = z.object({
  migrationId: z.uuid(),
  name: z.string(),
  templateId: TemplateId.nullable(),
  /** The first runbook phase with open items; null when every item is done (or there is no checklist). */
  phase: z.string().nullable(),
  checklist: z.object({
    total: z.number().int(),
    complete: z.number().int(),
    warn: z.number().int(),
    failed: z.number().int(),
  }),
  /** The latest preflight; null before the first. fail/warn count its checks. */
  preflight: z.object({ status: PreflightStatus, fail: z.number().int(), warn: z.number().int() }).nullable(),
  approval: BoardApproval,
  lastRun: z
    .object({ id: z.uuid(), status: RunStatus, createdAt: z.string(), verified: z.boolean().nullable() })
    .nullable(),
});
export type BoardRow = z.infer<typeof BoardRow>;

export const BoardFilter = z.enum(["all", "waiting", "failing", "running", "never-run"]);
export type BoardFilter = z.infer<typeof BoardFilter>;
export const BoardSort = z.enum(["name", "completion", "last-run"]);
export type BoardSort = z.infer<typeof BoardSort>;

/** A row "fails" when its latest preflight or its checklist has a failure. */
export const isFailing = (r: BoardRow) => (r.preflight?.fail ?? 0) > 0 || r.checklist.failed > 0;

export const isRunning = (r: BoardRow) =>
  ["queued", "running", "verifying"].includes(r.lastRun?.status ?? "");

const completion = (r: BoardRow) => (r.checklist.total ? r.checklist.complete / r.checklist.total : 0);

/** Filters and sorts the board on the client: the board is one small list, refetched on every event. */
export function selectBoardRows(
  rows: BoardRow[],
  opts: { filter: BoardFilter; sort: BoardSort; search: string },
): BoardRow[] {
  const q = opts.search.trim().toLowerCase();
  const kept = rows.filter((r) => {
    if (q && !r.name.toLowerCase().includes(q)) return false;
    switch (opts.filter) {
      case "waiting":
        return r.approval === "waiting";
      case "failing":
        return isFailing(r);
      case "running":
        return isRunning(r);
      case "never-run":
        return !r.lastRun;
      default:
        return true;
    }
  });
  const by: Record<BoardSort, (a: BoardRow, b: BoardRow) => number> = {
    name: (a, b) => a.name.localeCompare(b.name),
    completion: (a, b) => completion(a) - completion(b) || a.name.localeCompare(b.name),
    // Newest run first; never-run migrations last.
    "last-run": (a, b) => (b.lastRun?.createdAt ?? "").localeCompare(a.lastRun?.createdAt ?? ""),
  };
  return [...kept].sort(by[opts.sort]);
}
