import * as z from "zod";

/**
 * What changed on a migration, never the new state itself: a page refetches what it shows, so an event
 * that arrives twice or out of order is harmless.
 */
export const MigrationEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("checklist.changed"), at: z.string() }),
  z.object({
    type: z.literal("preflight.changed"),
    status: z.enum(["queued", "running", "finished", "failed"]),
    at: z.string(),
  }),
  z.object({ type: z.literal("run.changed"), runId: z.uuid(), status: z.string(), at: z.string() }),
]);
export type MigrationEvent = z.infer<typeof MigrationEvent>;

/** One line of the global stream the board follows: any migration's event, with its id. */
export const BoardEvent = z.object({ migrationId: z.uuid(), event: MigrationEvent });
export type BoardEvent = z.infer<typeof BoardEvent>;
